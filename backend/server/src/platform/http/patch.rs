//! PATCH bodies: a field absent, null or set, told apart.

/// Deserialises a PATCH field that may be absent (`None`) or set, but not null: a field that
/// cannot be cleared answers 400 for `null` instead of quietly keeping its value.
pub fn not_null<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(de).map(Some)
}

/// Deserialises a field that may be absent (`None`), null (`Some(None)`) or set (`Some(Some(v))`),
/// so that PATCH bodies can clear nullable fields.
pub fn double_option<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(de).map(Some)
}
