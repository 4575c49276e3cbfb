//! Connecting to a GP practice: discovery, sign-in through the system browser, fetching the
//! record with progress and cancel, then the same import as a file.
//!
//! The vault stays unlocked but unheld while the record downloads: only the final import
//! takes the app's state lock, so the rest of the app keeps working meanwhile. Nothing is
//! stored unless the whole record arrived and every page is JSON.

use std::sync::Mutex;

use phr_core::ErrorCode;
#[cfg(feature = "test-seams")]
use phr_gp::HttpBrowser;
use phr_gp::{Browser, CancellationToken, GpClient, Options, Progress, SystemBrowser};

use crate::ErrorField;
use crate::app::App;
use crate::dto::AppError;
use crate::dto_record::{GpPractice, ImportProgress, ImportReport, ImportStage, Source, SourceKind};
use crate::options::BrowserChoice;

/// Clears the app's cancel switch when an import ends, however it ends.
struct Registration<'a>(&'a Mutex<Option<CancellationToken>>);

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

impl App {
    /// The practices the app offers. Today only the demo practice, when the sandbox runs
    /// beside the app ([`crate::AppOptions::gp_sandbox_url`]); a real practice is entered by
    /// its address.
    pub fn gp_practices(&self) -> Vec<GpPractice> {
        let Some(url) = self.options.gp_sandbox_url.clone() else {
            return Vec::new();
        };
        let note = "A made-up practice running on this computer, with synthetic patients: \
                    nothing in it is about a real person. To try it, add a person with the name, \
                    date of birth and NHS number of one of its patients.";
        vec![
            GpPractice {
                name: "Demo Practice (sandbox)".into(),
                url: url.clone(),
                sandbox: true,
                note: Some(note.into()),
            },
            GpPractice {
                name: "Demo Practice, GP Connect (sandbox)".into(),
                url: format!("{url}/gpconnect"),
                sandbox: true,
                note: Some(note.into()),
            },
        ]
    }

    /// Signs in to the practice at `url` through the browser the app was made with
    /// ([`crate::AppOptions::browser`]), fetches the person's record and imports it.
    /// `progress` hears each stage; [`App::cancel_gp_import`] stops it with nothing stored.
    /// With `stay_connected` (the person's choice, asked each time) the sign-in asks for
    /// lasting access, and what the practice gives is kept encrypted in the person's record
    /// so that [`App::update_from_gp`] needs no new sign-in.
    pub fn import_from_gp(
        &self,
        person_id_str: &str,
        url: &str,
        stay_connected: bool,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        let browser: &dyn Browser = match self.options.browser {
            #[cfg(feature = "test-seams")]
            BrowserChoice::Http => &HttpBrowser,
            BrowserChoice::System => &SystemBrowser,
        };
        // A practice that registered this app ahead of time is signed in to with the id the
        // practice directory gives; any other is asked to register it where it offers that.
        let options = match self.directory_client_id(url.trim()) {
            Some(client_id) => Options { stay_connected, client_id, dynamic_registration: false, ..Options::default() },
            None => Options { stay_connected, ..Options::default() },
        };
        self.import_from_gp_through(person_id_str, url, browser, options, progress)
    }

    /// [`App::import_from_gp`] with the browser and the client's options given: tests sign in
    /// without a browser and retry faster. Only in a `test-seams` build.
    #[cfg(feature = "test-seams")]
    pub fn import_from_gp_with(
        &self,
        person_id_str: &str,
        url: &str,
        browser: &dyn Browser,
        options: Options,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        self.import_from_gp_through(person_id_str, url, browser, options, progress)
    }

    fn import_from_gp_through(
        &self,
        person_id_str: &str,
        url: &str,
        browser: &dyn Browser,
        options: Options,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Import)?;
        // Checked first so that a mistyped address is reported against the address field.
        let url = self.checked_practice_address(url)?;
        let url = url.as_str();
        phr_gp::check_base(url).map_err(|e| gp_error(e).on_field(ErrorField::Url))?;
        let nhs_number = self.nhs_digits(&id)?;
        let stay_connected = options.stay_connected;

        let job = self.start_gp_job()?;
        let client = GpClient::new(options).map_err(gp_error)?.with_cancel(job.cancel.clone());
        let tally = Mutex::new((0u32, None::<u32>));
        let on_progress = progress_of(self, progress, &tally);
        let connected = on_gp_thread(|rt| {
            rt.block_on(client.connect(url, browser, nhs_number.as_deref(), &on_progress)).map_err(gp_error)
        })?;
        job.stop_if_cancelled()?;

        let resources = tally.lock().map(|t| t.0).unwrap_or(0);
        storing(progress, resources);
        // Provenance: the practice's ODS code comes from the record itself, found by the
        // import as it reads the pages (so they are read once). The service's own name (e.g.
        // "Demo Practice (sandbox)") is kept when it gave one; an empty name lets the import
        // take the Organization's.
        let phr_gp::Connected { practice, fetched, kept } = connected;
        let mut report = self.import_documents(person_id_str, gp_source(&practice), fetched.pages)?;
        if stay_connected {
            report.outcome.connection = Some(self.keep_connection(&id, kept, &report.source.name)?);
        }
        done(progress, resources, &report);
        Ok(report)
    }

    /// The person's NHS number as digits, which GP Connect names the patient by.
    pub(crate) fn nhs_digits(&self, id: &phr_vault::PersonId) -> Result<Option<String>, AppError> {
        Ok(self.with_vault(|v| Ok(v.person(id)?.details.nhs_number))?.map(|n| n.as_digits().to_owned()))
    }

    /// Registers the app's one GP job (an import, an update or a disconnection) so that
    /// [`App::cancel_gp_import`] can stop it; refused while another runs.
    pub(crate) fn start_gp_job(&self) -> Result<GpJob<'_>, AppError> {
        let cancel = CancellationToken::new();
        let mut running = self.gp_import.lock().unwrap_or_else(|p| p.into_inner());
        if running.is_some() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "An import from a GP practice is already running. Wait for it to finish or cancel it.",
            ));
        }
        *running = Some(cancel.clone());
        Ok(GpJob { cancel, _registration: Registration(&self.gp_import) })
    }

    /// The address `import_from_gp` may connect to: a practice the app offers
    /// ([`App::gp_practices`]), or an address the person typed that is a web address on https
    /// (plain http only on this computer) with no user name or password in it. Anything else is
    /// refused against the address field before anything is sent.
    pub(crate) fn checked_practice_address(&self, typed: &str) -> Result<String, AppError> {
        let typed = typed.trim();
        if self.gp_practices().iter().any(|p| p.url == typed) {
            return Ok(typed.to_owned());
        }
        check_typed_address(typed)
    }

    /// Whether the person must confirm `url` before the app connects to it, and the question
    /// to ask: `None` for a practice the app offers ([`App::gp_practices`]); for any other
    /// (typed) address, the question naming its host. The shell cannot tell an address the
    /// person typed from one a compromised webview made up, so the person confirms it in a
    /// native dialog before anything is sent. An address that fails the checks of
    /// [`App::import_from_gp`] is refused here, so no dialog is shown for it.
    pub fn gp_address_to_confirm(&self, url: &str) -> Result<Option<GpAddressQuestion>, AppError> {
        let url = self.checked_practice_address(url)?;
        Ok(address_question(&self.gp_practices(), &url))
    }

    /// Stops this app's running GP import, if any: it ends with IMPORT_CANCELLED and nothing
    /// stored. Too late once storing has begun (that is one short transaction).
    pub fn cancel_gp_import(&self) {
        if let Some(cancel) = self.gp_import.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            cancel.cancel();
        }
    }
}

/// The question a native dialog asks before the app connects to a typed practice address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpAddressQuestion {
    /// The host (and port, when it is not the usual one) the app would connect to.
    pub host: String,
    /// The dialog's title.
    pub title: String,
    /// The question, naming the host in plain words.
    pub question: String,
    /// The button that connects.
    pub connect: String,
    /// The button that stops before anything is sent.
    pub cancel: String,
}

impl GpAddressQuestion {
    /// What the import ends with when the person says no: IMPORT_CANCELLED (the screens
    /// already say "cancelled, nothing changed"), with nothing sent anywhere.
    pub fn declined(&self) -> AppError {
        AppError::new(
            ErrorCode::ImportCancelled,
            format!(
                "You chose not to connect to {}. Nothing was sent and nothing was changed in the record.",
                self.host
            ),
        )
    }
}

/// The longest path a typed practice address may have: a practice's service address is short,
/// and a long one could carry something read from the record.
pub const MAX_TYPED_PATH_CHARS: usize = 200;

/// `None` when `url` (already checked) is one of `known`, else the question naming its host.
fn address_question(known: &[GpPractice], url: &str) -> Option<GpAddressQuestion> {
    if known.iter().any(|p| p.url == url) {
        return None;
    }
    let parsed = url::Url::parse(url).ok();
    let host = parsed
        .as_ref()
        .and_then(|u| {
            let host = u.host_str()?.to_owned();
            Some(match u.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_else(|| url.to_owned());
    Some(GpAddressQuestion {
        title: "Connect to this address?".into(),
        question: format!("Connect to {host}? Only continue if your GP practice gave you this address."),
        connect: "Connect".into(),
        cancel: "Cancel".into(),
        host,
    })
}

/// A practice address as typed: parseable, https (http only on loopback), a host, and no
/// user name or password (a sign-in belongs in the browser, never in an address the app
/// stores and shows). No query, no fragment and a short path: a practice's address needs none
/// of them, and each could carry something read from the record out to the host.
fn check_typed_address(typed: &str) -> Result<String, AppError> {
    let refuse = |message: String| Err(AppError::new(ErrorCode::InvalidInput, message).on_field(ErrorField::Url));
    if typed.is_empty() {
        return refuse("Enter the web address of your GP practice's online service".into());
    }
    let Ok(parsed) = url::Url::parse(typed) else {
        return refuse(format!("{typed} is not a web address. It should start with https://"));
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return refuse(
            "Type the practice's address without a user name or password in it: you sign in to the practice in your web browser."
                .into(),
        );
    }
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return refuse(format!("{typed} is not a web address. It should start with https://")),
    };
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return refuse(format!("{typed} is not a secure address. A GP practice's address starts with https://")),
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return refuse(
            "Type the practice's address without anything after a ? or a # in it: a GP practice's address has neither."
                .into(),
        );
    }
    if parsed.path().chars().count() > MAX_TYPED_PATH_CHARS {
        return refuse(format!(
            "This address is too long for a GP practice's address (the part after the host is over {MAX_TYPED_PATH_CHARS} characters). Check it with your practice."
        ));
    }
    Ok(typed.to_owned())
}

pub(crate) fn gp_error(e: phr_gp::GpError) -> AppError {
    AppError::new(e.code, e.message)
}

/// The app's running GP job: its cancel switch, cleared from the app when this is dropped.
pub(crate) struct GpJob<'a> {
    pub cancel: CancellationToken,
    _registration: Registration<'a>,
}

impl GpJob<'_> {
    /// IMPORT_CANCELLED when the person cancelled while the client worked: nothing is stored.
    pub(crate) fn stop_if_cancelled(&self) -> Result<(), AppError> {
        if self.cancel.is_cancelled() {
            return Err(gp_error(phr_gp::GpError::new(
                ErrorCode::ImportCancelled,
                "The import was cancelled. Nothing was added to the record.",
            )));
        }
        Ok(())
    }
}

/// Runs `work` on a thread of its own with a runtime of its own, so the client works the same
/// whether the caller is a plain thread (CLI) or a worker of an async runtime (the shell).
/// `work` may touch the vault between its awaits (a rotated token is kept at once).
pub(crate) fn on_gp_thread<T: Send>(
    work: impl FnOnce(&tokio::runtime::Runtime) -> Result<T, AppError> + Send,
) -> Result<T, AppError> {
    std::thread::scope(|s| {
        s.spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
                AppError::new(ErrorCode::Internal, format!("Could not start the connection to the practice: {e}"))
            })?;
            work(&runtime)
        })
        .join()
        .unwrap_or_else(|_| {
            Err(AppError::new(ErrorCode::Internal, "The connection to the practice failed unexpectedly."))
        })
    })
}

/// The import's source for a practice: its address, and its service's name when it gave one.
pub(crate) fn gp_source(practice: &phr_gp::Practice) -> Source {
    let name = practice.name.clone().unwrap_or_default();
    Source { kind: SourceKind::Gp, name, ods_code: None, url: Some(practice.base.clone()) }
}

/// Says the record is being stored.
pub(crate) fn storing(progress: &(dyn Fn(ImportProgress) + Send + Sync), resources: u32) {
    progress(ImportProgress {
        stage: ImportStage::Storing,
        done: 0,
        total: Some(resources),
        message: format!("Adding {} to the record", plural(resources, "resource")),
    });
}

/// Says the import is done, with its counts.
pub(crate) fn done(progress: &(dyn Fn(ImportProgress) + Send + Sync), resources: u32, report: &ImportReport) {
    progress(ImportProgress {
        stage: ImportStage::Done,
        done: resources,
        total: Some(resources),
        message: format!(
            "Imported: {} added, {} updated, {} unchanged",
            report.added, report.updated, report.unchanged
        ),
    });
}

/// The client's progress as the UI's, counted in `tally`, with each event counting as activity
/// (the vault must not lock itself while the citizen is in the browser or pages arrive).
pub(crate) fn progress_of<'a>(
    app: &'a App,
    progress: &'a (dyn Fn(ImportProgress) + Send + Sync),
    tally: &'a Mutex<(u32, Option<u32>)>,
) -> impl Fn(Progress) + Send + Sync + 'a {
    move |p: Progress| {
        let _ = app.touch();
        progress(event(p, tally))
    }
}

/// The client's event as the UI's progress: resources so far against the total when known.
fn event(p: Progress, tally: &Mutex<(u32, Option<u32>)>) -> ImportProgress {
    let mut t = tally.lock().unwrap_or_else(|p| p.into_inner());
    match p {
        Progress::Discovering => ImportProgress {
            stage: ImportStage::Discovering,
            done: 0,
            total: None,
            message: "Finding your practice's online service".into(),
        },
        Progress::SigningIn => ImportProgress {
            stage: ImportStage::SigningIn,
            done: 0,
            total: None,
            message: "Sign in to your practice in the browser window that opened".into(),
        },
        Progress::StillSigningIn => ImportProgress {
            stage: ImportStage::SigningIn,
            done: 0,
            total: None,
            message: "Still waiting for you to sign in. If the practice's page showed an error, it cannot send you \
                      back to this app: cancel, and connect again or ask the practice."
                .into(),
        },
        Progress::Fetching { pages, resources, total } => {
            let done = u32::try_from(resources).unwrap_or(u32::MAX);
            let total = total.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
            *t = (done, total);
            let message = match (pages, total) {
                (0, _) => "Downloading your record".to_owned(),
                (_, Some(total)) => format!("Downloaded {} of {total} ({})", done, plural(pages, "page")),
                (_, None) => format!("Downloaded {} ({})", plural(done, "resource"), plural(pages, "page")),
            };
            ImportProgress { stage: ImportStage::Fetching, done, total, message }
        }
        Progress::Retrying { wait, reason, .. } => ImportProgress {
            stage: ImportStage::Fetching,
            done: t.0,
            total: t.1,
            message: format!("{}; trying again in {} s", capitalise(&reason), wait.as_secs().max(1)),
        },
    }
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_in_still_waiting_says_what_may_be_wrong_and_how_to_get_out() {
        let tally = Mutex::new((0, None));
        let p = event(Progress::StillSigningIn, &tally);
        assert_eq!(p.stage, ImportStage::SigningIn);
        assert!(p.message.starts_with("Still waiting for you to sign in."), "{}", p.message);
        assert!(p.message.contains("showed an error") && p.message.contains("cancel"), "{}", p.message);
    }

    #[test]
    fn a_typed_address_must_be_https_or_loopback_http_without_credentials() {
        for ok in
            ["https://gp.example.nhs.uk/fhir", "http://127.0.0.1:8080/fhir", "http://localhost:9/x", "http://[::1]:9/"]
        {
            assert_eq!(check_typed_address(ok).unwrap(), ok);
        }
        for refused in [
            "",
            "gp.example.nhs.uk",
            "not a web address",
            "http://gp.example.nhs.uk/fhir",
            "ftp://gp.example.nhs.uk/",
            "file:///etc/passwd",
            "https://sam:secret@gp.example.nhs.uk/fhir",
            "https://sam@gp.example.nhs.uk/fhir",
            "http://sam:pw@127.0.0.1:8080/",
            "javascript:alert(1)",
            "ftp://sam:secret@gp.example.nhs.uk/",
        ] {
            let e = check_typed_address(refused).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{refused}");
            assert_eq!(e.field, Some(ErrorField::Url), "{refused}");
            assert!(!e.message.contains("secret"), "the password is not repeated back: {}", e.message);
        }
    }

    #[test]
    fn a_typed_address_has_no_query_no_fragment_and_a_short_path() {
        let long_path = format!("https://gp.example.nhs.uk/{}", "a".repeat(MAX_TYPED_PATH_CHARS));
        let longest = format!("https://gp.example.nhs.uk/{}", "a".repeat(MAX_TYPED_PATH_CHARS - 1));
        assert_eq!(check_typed_address(&longest).unwrap(), longest);
        for refused in [
            "https://gp.example.nhs.uk/fhir?nhs=9434765919",
            "https://gp.example.nhs.uk/fhir?",
            "https://gp.example.nhs.uk/fhir#diabetes",
            "https://gp.example.nhs.uk/fhir#",
            "http://127.0.0.1:8080/fhir?d=x",
            long_path.as_str(),
        ] {
            let e = check_typed_address(refused).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{refused}");
            assert_eq!(e.field, Some(ErrorField::Url), "{refused}");
            assert!(!e.message.contains("9434765919"), "what the address carried is not repeated back");
        }
    }

    fn practice(url: &str) -> GpPractice {
        GpPractice { name: "Demo Practice (sandbox)".into(), url: url.into(), sandbox: true, note: None }
    }

    #[test]
    fn a_known_practice_needs_no_confirming_and_a_typed_address_does() {
        let known = [practice("http://127.0.0.1:8080"), practice("http://127.0.0.1:8080/gpconnect")];
        assert_eq!(address_question(&known, "http://127.0.0.1:8080"), None);
        assert_eq!(address_question(&known, "http://127.0.0.1:8080/gpconnect"), None);

        let q = address_question(&known, "https://gp.example.org/fhir").unwrap();
        assert_eq!(q.host, "gp.example.org");
        assert_eq!(q.question, "Connect to gp.example.org? Only continue if your GP practice gave you this address.");
        let q = address_question(&known, "http://127.0.0.1:9999/fhir").unwrap();
        assert_eq!(q.host, "127.0.0.1:9999", "another port on this computer is another service");
        assert!(address_question(&[], "http://127.0.0.1:8080").is_some(), "nothing is known without a sandbox");

        let declined = q.declined();
        assert_eq!(declined.code, ErrorCode::ImportCancelled);
        assert!(declined.message.contains("127.0.0.1:9999"));
    }

    #[test]
    fn the_app_asks_about_a_typed_address_only_after_checking_it() {
        let app = App::with_options(
            std::env::temp_dir().join("phr-gp-confirm-unused"),
            crate::AppOptions { gp_sandbox_url: Some("http://127.0.0.1:8080".into()), ..Default::default() },
        );
        assert_eq!(app.gp_address_to_confirm("http://127.0.0.1:8080").unwrap(), None);
        assert_eq!(app.gp_address_to_confirm(" http://127.0.0.1:8080/gpconnect ").unwrap(), None);
        let q = app.gp_address_to_confirm("https://gp.example.org/fhir").unwrap().unwrap();
        assert_eq!(q.host, "gp.example.org");
        let e = app.gp_address_to_confirm("https://gp.example.org/fhir?d=1").unwrap_err();
        assert_eq!(e.field, Some(ErrorField::Url), "a refused address is refused before any dialog");
        assert!(app.gp_address_to_confirm("http://gp.example.org/").is_err());
    }
}
