//! Reading and writing files with errors in plain words: `cannot read "x.json": no such file`,
//! never `Os { code: 2, kind: NotFound, … }`.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Error};

/// How a path is shown to the user: as typed, `-` as "standard input".
pub fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

/// What went wrong with a file, in a few plain words.
pub fn plain(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        io::ErrorKind::NotADirectory => "a part of the path is a file, not a folder".into(),
        io::ErrorKind::AlreadyExists => "it already exists".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        io::ErrorKind::InvalidData => "it is not text".into(),
        // ErrorKind's own wording is plain too ("broken pipe", "timed out", …), unlike the
        // error's Display, which adds "(os error N)".
        kind => kind.to_string(),
    }
}

/// `cannot read "path": reason`.
pub fn read_error(path: &Path, e: &io::Error) -> Error {
    anyhow!("cannot read \"{}\": {}", shown(path), plain(e))
}

/// `cannot write "path": reason`.
pub fn write_error(path: &Path, e: &io::Error) -> Error {
    anyhow!("cannot write \"{}\": {}", shown(path), plain(e))
}

/// The bytes of a file, or of standard input for `-`.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| read_error(path, &e))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| read_error(path, &e))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so a reader (or
/// `advocate serve`) never sees half a file and a failed write leaves the old one intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "feed".into());
    let tmp = dir.join(format!(".{name}.advocate-tmp"));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        // Best effort: the temporary file may not even exist.
        let _ = std::fs::remove_file(&tmp);
        return Err(write_error(path, &e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_read_as_words() {
        let e = std::fs::read("/definitely/not/here.json").unwrap_err();
        assert_eq!(
            read_error(Path::new("here.json"), &e).to_string(),
            "cannot read \"here.json\": no such file"
        );
        let e = std::fs::read(std::env::temp_dir()).unwrap_err();
        assert_eq!(plain(&e), "it is a folder, not a file");
        assert_eq!(shown(Path::new("-")), "standard input");
    }
}
