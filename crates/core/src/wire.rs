//! Reading a tagged enum through a flat struct of `Option`s (#7): serde's own reading of an
//! internally tagged enum buffers the whole value and compiles a decoder per variant, which
//! cost the wasm module tens of KB per enum. The flat readers (`sync::wire`, the extension's
//! `protocol::wire`) take each variant's fields with [`required`].

/// A field the variant needs: its value, or serde's own words for a missing field.
pub fn required<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}
