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
///
/// The temporary file has a random name and is created exclusively (`O_CREAT | O_EXCL`, which
/// never follows a symbolic link): a link planted under a predictable name cannot redirect the
/// write to another file (#19).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "feed".into());
    let (tmp, mut file) = create_temporary(&dir, &name).map_err(|e| write_error(path, &e))?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        // Best effort: the file is ours (created above), so removing it is safe.
        let _ = std::fs::remove_file(&tmp);
        return Err(write_error(path, &e));
    }
    Ok(())
}

/// A new file `.{name}.{random}.advocate-tmp` in `dir`, created exclusively.
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, std::fs::File)> {
    let mut last = io::Error::from(io::ErrorKind::AlreadyExists);
    for _ in 0..8 {
        let mut random = [0u8; 8];
        getrandom::getrandom(&mut random).map_err(|e| io::Error::other(e.to_string()))?;
        let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let tmp = dir.join(format!(".{name}.{suffix}.advocate-tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
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

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("advocate-fsutil-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_at_the_old_temporary_name_is_not_followed() {
        let dir = scratch("planted");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        // Before #19 the temporary name was fixed: `.feed.json.sig.advocate-tmp`.
        std::os::unix::fs::symlink(&victim, dir.join(".feed.json.sig.advocate-tmp")).unwrap();
        write_atomic(&dir.join("feed.json.sig"), b"sig").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(
            std::fs::read_to_string(dir.join("feed.json.sig")).unwrap(),
            "sig"
        );
        // No temporary file is left behind; the planted link is left alone.
        let left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".advocate-tmp"))
            .collect();
        assert_eq!(left, [".feed.json.sig.advocate-tmp"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn temporary_names_are_random_and_exclusive() {
        let dir = scratch("random");
        let (a, _fa) = create_temporary(&dir, "f").unwrap();
        let (b, _fb) = create_temporary(&dir, "f").unwrap();
        assert_ne!(a, b);
        assert!(a.file_name().unwrap().to_string_lossy().starts_with(".f."));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
