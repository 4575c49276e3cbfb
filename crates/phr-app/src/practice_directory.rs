//! The practice directory: the practices a person can find by name or postcode on the Connect
//! screen, read from a data file the app ships (`data/practices-sample.csv`, all made up), and
//! the demo practice's made-up patients, asked of the demo practice itself so the list is the
//! one the sandbox serves.

use std::path::Path;

use chrono::NaiveDate;
use phr_core::{ErrorCode, NhsNumber};
use phr_gp::{GpClient, Options};

use crate::ErrorField;
use crate::app::App;
use crate::dto::AppError;
use crate::dto_record::{DemoPatient, PracticeListing, PracticeSearch};

/// The shipped sample directory. Made-up practices only (see `data/README.md`).
const SAMPLE: &str = include_str!("../data/practices-sample.csv");

/// The `url` the sample gives the demo practice: wherever the sandbox runs, if it runs.
const SANDBOX_URL: &str = "sandbox";

/// The words on each demo patient, so nobody takes them for a real person.
pub const DEMO_PATIENT_MARKER: &str = "Made-up person for trying the app";

/// The loaded NHS ODS directory, beside the vault, in the sample's columns.
const LOADED_FILE: &str = "practices.csv";

/// The largest ODS file read (the whole of England and Wales is a few megabytes).
const MAX_ODS_BYTES: u64 = 64 * 1024 * 1024;

/// The cells of one CSV line, with double-quoted cells (`"A81001","THE SURGERY, HIGH ST"`)
/// kept whole and `""` inside quotes read as one quote mark.
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

/// The open GP practices of an NHS ODS `epraccur.csv` (no header; column 1 the ODS code, 2 the
/// name, 10 the postcode, 13 the status, `A` for active, 26 the prescribing setting, `4` for a GP
/// practice). The file names no online address, so none has one.
pub(crate) fn parse_epraccur(text: &str) -> Vec<PracticeListing> {
    text.lines()
        .filter_map(|line| {
            let cells = csv_cells(line);
            let cell = |n: usize| cells.get(n).map(|c| c.trim()).unwrap_or_default();
            if cell(12) != "A" || cell(25) != "4" || cell(0).is_empty() || cell(1).is_empty() {
                return None;
            }
            Some(PracticeListing {
                ods_code: cell(0).to_owned(),
                // The directory's own file splits on commas, so a comma in a name goes.
                name: cell(1).replace(',', " "),
                postcode: cell(9).replace(',', " "),
                url: None,
                example: false,
                client_id: None,
            })
        })
        .collect()
}

/// The directory in the sample's columns, for [`parse_directory`] to read back.
fn directory_text(practices: &[PracticeListing]) -> String {
    let mut text = String::from("ods_code,name,postcode,url,example\n");
    for p in practices {
        let url = p.url.as_deref().unwrap_or_default();
        text.push_str(&format!("{},{},{},{url},{}\n", p.ods_code, p.name, p.postcode, p.example));
    }
    text
}

/// Most practices a search returns: more than this means the search should be narrower.
const MAX_RESULTS: usize = 20;

/// The rows of a directory file with the header `ods_code,name,postcode,url,example` and,
/// optionally, `client_id` (the OAuth client id the practice registered this app under). A
/// row without a code or a name is left out. Names hold no commas in the sample, so a plain
/// split is enough for it.
pub(crate) fn parse_directory(text: &str) -> Vec<PracticeListing> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.split(',').map(str::trim);
            let ods_code = cells.next().filter(|c| !c.is_empty())?.to_owned();
            let name = cells.next().filter(|c| !c.is_empty())?.to_owned();
            let postcode = cells.next().unwrap_or_default().to_owned();
            let url = cells.next().filter(|c| !c.is_empty()).map(str::to_owned);
            let example = cells.next().is_some_and(|c| c.eq_ignore_ascii_case("true"));
            let client_id = cells.next().filter(|c| !c.is_empty()).map(str::to_owned);
            Some(PracticeListing { ods_code, name, postcode, url, example, client_id })
        })
        .collect()
}

/// Lower case with no spaces: how names and postcodes are compared.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// Whether `query` (squashed) finds `practice`: a part of its name, or the start of its
/// postcode. A postcode district is matched whole ("ZZ3" finds ZZ3 1PL, not ZZ31 5QT); a
/// query of letters alone finds the whole area ("ZZ").
pub(crate) fn matches(practice: &PracticeListing, query: &str) -> bool {
    if query.is_empty() {
        return false;
    }
    if squash(&practice.name).contains(query) {
        return true;
    }
    let district = practice.postcode.split_whitespace().next().map(squash).unwrap_or_default();
    let postcode = squash(&practice.postcode);
    if query.len() > district.len() {
        return postcode.starts_with(query);
    }
    let letters_only = query.chars().all(|c| c.is_ascii_alphabetic());
    district == query || (letters_only && district.starts_with(query))
}

/// The practices in `directory` that `query` finds, with a sentence when none.
pub(crate) fn search(directory: &[PracticeListing], query: &str) -> PracticeSearch {
    let query = squash(query);
    if query.is_empty() {
        return PracticeSearch { practices: Vec::new(), message: Some("Type your practice's name or postcode".into()) };
    }
    let practices: Vec<PracticeListing> =
        directory.iter().filter(|p| matches(p, &query)).take(MAX_RESULTS).cloned().collect();
    let message = practices.is_empty().then(|| {
        "No practice found with that name or postcode. Check the spelling, or try the first part of the postcode, \
         like SW1A."
            .to_owned()
    });
    PracticeSearch { practices, message }
}

/// A demo patient as the Connect screen shows them: en-GB date, NHS number grouped 3 3 4.
pub(crate) fn demo_patient(listing: &phr_gp::DemoListing) -> DemoPatient {
    let date_of_birth_text = NaiveDate::parse_from_str(&listing.birth_date, "%Y-%m-%d")
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_else(|_| listing.birth_date.clone());
    let nhs_number =
        NhsNumber::parse(&listing.nhs_number).map(|n| n.to_string()).unwrap_or_else(|_| listing.nhs_number.clone());
    DemoPatient {
        name: listing.name.clone(),
        date_of_birth: listing.birth_date.clone(),
        date_of_birth_text,
        nhs_number,
        marker: DEMO_PATIENT_MARKER.into(),
    }
}

impl App {
    /// The practice directory: the shipped sample, with the demo practice only while the
    /// sandbox runs beside the app (then with its address).
    fn practice_directory(&self) -> Vec<PracticeListing> {
        let sandbox = self.options.gp_sandbox_url.clone();
        let sample = parse_directory(SAMPLE);
        // A loaded NHS directory replaces the made-up practices; the demo practice stays.
        let listed = match std::fs::read_to_string(self.vault_dir().join(LOADED_FILE)) {
            Ok(text) => sample
                .into_iter()
                .filter(|p| p.url.as_deref() == Some(SANDBOX_URL))
                .chain(parse_directory(&text))
                .collect(),
            Err(_) => sample,
        };
        listed
            .into_iter()
            .filter_map(|mut p| {
                if p.url.as_deref() == Some(SANDBOX_URL) {
                    p.url = Some(sandbox.clone()?);
                }
                Some(p)
            })
            .collect()
    }

    /// Reads an NHS ODS practice file (`epraccur.csv`) and keeps its open GP practices as the
    /// practice directory, beside the vault, in place of the made-up sample. Returns how many.
    pub fn load_practice_file(&self, path: &Path) -> Result<usize, AppError> {
        let refuse = |message: String| AppError::new(ErrorCode::InvalidInput, message).on_field(ErrorField::Path);
        let size =
            std::fs::metadata(path).map_err(|e| refuse(format!("Could not read {}: {e}", path.display())))?.len();
        if size > MAX_ODS_BYTES {
            return Err(AppError::new(
                ErrorCode::FileTooLarge,
                format!("{} is larger than an NHS practice file can be.", path.display()),
            )
            .on_field(ErrorField::Path));
        }
        let bytes = std::fs::read(path).map_err(|e| refuse(format!("Could not read {}: {e}", path.display())))?;
        let text = String::from_utf8_lossy(&bytes);
        let practices = parse_epraccur(&text);
        if practices.is_empty() {
            return Err(refuse(format!(
                "{} has no open GP practices in it. Use epraccur.csv from NHS England's ODS data.",
                path.display()
            )));
        }
        std::fs::create_dir_all(self.vault_dir())
            .and_then(|()| std::fs::write(self.vault_dir().join(LOADED_FILE), directory_text(&practices)))
            .map_err(|e| AppError::new(ErrorCode::Io, format!("Could not save the practice directory: {e}")))?;
        Ok(practices.len())
    }

    /// The client id the practice directory gives the practice at `url`, if any.
    pub(crate) fn directory_client_id(&self, url: &str) -> Option<String> {
        self.practice_directory().into_iter().find(|p| p.url.as_deref() == Some(url)).and_then(|p| p.client_id)
    }

    /// Finds practices by name or postcode, ignoring case and spaces.
    pub fn search_practices(&self, query: &str) -> PracticeSearch {
        search(&self.practice_directory(), query)
    }

    /// The demo practice's made-up patients, as the demo practice lists them; empty when no
    /// sandbox runs beside the app. Asked each time, so it is always the sandbox's own list.
    pub fn gp_demo_patients(&self) -> Result<Vec<DemoPatient>, AppError> {
        let Some(base) = self.options.gp_sandbox_url.clone() else {
            return Ok(Vec::new());
        };
        let failed = |e: phr_gp::GpError| AppError::new(e.code, e.message);
        let listed = std::thread::scope(|s| {
            s.spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
                    AppError::new(ErrorCode::Internal, format!("Could not reach the demo practice: {e}"))
                })?;
                // The demo practice runs on this computer: one quick try, so a stopped sandbox
                // only leaves the list out rather than holding the screen.
                let quick = Options {
                    connect_timeout: std::time::Duration::from_secs(2),
                    request_timeout: std::time::Duration::from_secs(5),
                    retry: phr_gp::RetryPolicy { max_attempts: 1, ..phr_gp::RetryPolicy::default() },
                    ..Options::default()
                };
                let client = GpClient::new(quick).map_err(failed)?;
                runtime.block_on(client.demo_patients(&base)).map_err(failed)
            })
            .join()
            .unwrap_or_else(|_| Err(AppError::new(ErrorCode::Internal, "Could not reach the demo practice.")))
        })?;
        Ok(listed.iter().map(demo_patient).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(found: &PracticeSearch) -> Vec<&str> {
        found.practices.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn a_client_id_column_is_read_where_given_and_never_sent_to_the_screens() {
        let all = parse_directory(SAMPLE);
        let riverside = all.iter().find(|p| p.ods_code == "Y90001").unwrap();
        assert_eq!(riverside.client_id.as_deref(), Some("my-health-record-riverside"));
        assert!(all.iter().filter(|p| p.ods_code != "Y90001").all(|p| p.client_id.is_none()));
        // A file with the five older columns reads as before.
        let older = parse_directory("ods_code,name,postcode,url,example\nY1,A Practice,ZZ1 1ZZ,https://a/fhir,true\n");
        assert_eq!(older[0].client_id, None);
        assert!(!serde_json::to_string(riverside).unwrap().contains("riverside\""), "no client id in the DTO's JSON");
    }

    #[test]
    fn the_sample_is_all_made_up_examples() {
        let all = parse_directory(SAMPLE);
        assert!(all.len() >= 4);
        assert!(all.iter().all(|p| p.example && p.ods_code.starts_with('Y') && p.postcode.starts_with("ZZ")));
        assert!(all.iter().filter_map(|p| p.url.as_deref()).all(|u| u == SANDBOX_URL || u.contains(".example.org/")));
    }

    #[test]
    fn search_by_name_ignores_case_and_spaces() {
        let all = parse_directory(SAMPLE);
        assert_eq!(names(&search(&all, "riverside")), ["Example Riverside Surgery (example)"]);
        assert_eq!(names(&search(&all, "  HILL top ")), ["Example Hill Top Medical Centre (example)"]);
        assert_eq!(names(&search(&all, "hilltop")), ["Example Hill Top Medical Centre (example)"]);
    }

    #[test]
    fn search_by_postcode_matches_the_district_whole() {
        let all = parse_directory(SAMPLE);
        assert_eq!(names(&search(&all, "zz3")), ["Example Orchard Family Practice (example)"]);
        // Without its space "ZZ31" may be district ZZ3 sector 1 or district ZZ31: both.
        assert_eq!(search(&all, "ZZ31").practices.len(), 2);
        assert_eq!(names(&search(&all, "zz31 5")), ["Example Market Street Health Centre (example)"]);
        assert_eq!(names(&search(&all, "zz24ab")), ["Example Riverside Surgery (example)"]);
        assert_eq!(search(&all, "ZZ2").practices.len(), 2);
        assert_eq!(search(&all, "zz").practices.len(), all.len());
    }

    #[test]
    fn no_match_says_so() {
        let all = parse_directory(SAMPLE);
        let found = search(&all, "Nowhere Surgery");
        assert!(found.practices.is_empty());
        assert!(found.message.unwrap_or_default().starts_with("No practice found"));
        assert!(search(&all, "   ").message.is_some());
    }

    /// Two rows in the epraccur layout (made up): one open practice, one closed.
    const EPRACCUR: &str = "\"Y99001\",\"EXAMPLE SURGERY, HIGH STREET\",\"Y56\",\"Q99\",\"1 HIGH STREET\",\"\",\"TOWN\",\"\",\"\",\"ZZ9 9ZZ\",\"19740401\",\"\",\"A\",\"B\",\"X99\",\"20130401\",\"\",\"01234 567890\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"4\",\"\"\n\
\"Y99002\",\"CLOSED EXAMPLE PRACTICE\",\"Y56\",\"Q99\",\"2 LOW ROAD\",\"\",\"TOWN\",\"\",\"\",\"ZZ9 8ZZ\",\"19740401\",\"20200101\",\"C\",\"B\",\"X99\",\"20130401\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"4\",\"\"\n";

    #[test]
    fn an_ods_file_gives_its_open_practices_with_no_address() {
        let found = parse_epraccur(EPRACCUR);
        assert_eq!(found.len(), 1);
        let p = found.first().unwrap();
        assert_eq!(
            (p.ods_code.as_str(), p.name.as_str(), p.postcode.as_str()),
            ("Y99001", "EXAMPLE SURGERY  HIGH STREET", "ZZ9 9ZZ")
        );
        assert_eq!(p.url, None);
        assert!(!p.example);
        assert_eq!(parse_directory(&directory_text(&found)), found);
    }

    #[test]
    fn a_loaded_ods_file_replaces_the_made_up_practices() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("epraccur.csv");
        std::fs::write(&file, EPRACCUR).unwrap();
        let app = App::new(tmp.path().join("vault"));
        assert_eq!(app.search_practices("riverside").practices.len(), 1);
        assert_eq!(app.load_practice_file(&file).unwrap(), 1);
        let found = app.search_practices("zz9");
        assert_eq!(found.practices.len(), 1, "{:?}", found.message);
        assert_eq!(found.practices.first().unwrap().url, None);
        assert!(app.search_practices("riverside").practices.is_empty());

        std::fs::write(&file, "not,a,practice,file\n").unwrap();
        let refused = app.load_practice_file(&file).unwrap_err();
        assert_eq!(refused.code, ErrorCode::InvalidInput);
    }

    #[test]
    fn a_demo_patient_reads_as_on_a_letter() {
        let listing = phr_gp::DemoListing {
            name: "Jane Jackson".into(),
            birth_date: "1931-02-17".into(),
            nhs_number: "9000000009".into(),
            url: "http://127.0.0.1:1".into(),
        };
        let shown = demo_patient(&listing);
        assert_eq!(shown.date_of_birth_text, "17 Feb 1931");
        assert_eq!(shown.nhs_number, "900 000 0009");
        assert_eq!(shown.marker, "Made-up person for trying the app");
    }
}
