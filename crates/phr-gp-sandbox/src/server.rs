//! Starting and stopping the server, its shared state and its routes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::routing::{get, post};
use tokio::sync::oneshot;

use crate::config::{Config, Faults, Stats};
use crate::patients::{self, DemoPatient, PatientRecord};
use crate::{auth, fhir};

/// A running sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
}

/// A code handed out by `/authorize`, waiting to be exchanged at `/token`.
#[derive(Debug, Clone)]
pub(crate) struct PendingCode {
    pub patient: String,
    pub challenge: String,
    pub redirect_uri: String,
    pub scope: String,
}

#[derive(Debug, Default)]
pub(crate) struct Mutable {
    pub faults: Faults,
    /// The patient auto-approve signs in as (id or NHS number).
    pub approve_as: Option<String>,
    pub stats: Stats,
    pub codes: HashMap<String, PendingCode>,
    /// Access token -> (patient id, expiry).
    pub access: HashMap<String, (String, Instant)>,
    /// Refresh token -> (patient id, scopes granted).
    pub refresh: HashMap<String, (String, String)>,
}

#[derive(Debug)]
pub(crate) struct Shared {
    pub url: String,
    pub config: Config,
    pub patients: Vec<PatientRecord>,
    state: Mutex<Mutable>,
}

impl Shared {
    pub fn state(&self) -> MutexGuard<'_, Mutable> {
        // A handler that panicked mid-update leaves plain counters and maps: still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn patient(&self, id: &str) -> Option<&PatientRecord> {
        self.patients.iter().find(|p| p.info.id == id)
    }
}

impl Sandbox {
    /// Starts the server on 127.0.0.1 on its own thread (so it serves sync and async tests
    /// alike) and returns once it is listening.
    pub fn start(config: Config) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", config.port))?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let patients = patients::load(&url).map_err(std::io::Error::other)?;
        let mutable =
            Mutable { faults: config.faults.clone(), approve_as: config.approve_as.clone(), ..Mutable::default() };
        let shared = Arc::new(Shared { url: url.clone(), config, patients, state: Mutex::new(mutable) });
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(shared.clone());
        std::thread::Builder::new().name("phr-gp-sandbox".into()).spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await;
            });
        })?;
        Ok(Self { url, shared, stop: Some(stop) })
    }

    /// The server's root, e.g. `http://127.0.0.1:41234` (the R4 base).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The GP Connect base, `{url}/gpconnect`.
    pub fn gp_connect_url(&self) -> String {
        format!("{}/gpconnect", self.url)
    }

    pub fn patients(&self) -> Vec<DemoPatient> {
        self.shared.patients.iter().map(|p| p.info.clone()).collect()
    }

    /// Replaces the fault switches.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.state().faults = faults;
    }

    /// Auto-approve signs in as this patient (id or NHS number) from now on; `None` goes back
    /// to the base's first patient.
    pub fn approve_as(&self, patient: Option<&str>) {
        self.shared.state().approve_as = patient.map(str::to_owned);
    }

    pub fn faults(&self) -> Faults {
        self.shared.state().faults.clone()
    }

    pub fn stats(&self) -> Stats {
        self.shared.state().stats.clone()
    }

    /// Every access token issued so far stops working (refresh tokens still do).
    pub fn expire_access_tokens(&self) {
        self.shared.state().access.clear();
    }

    /// Every refresh token issued so far stops working, as when a person removes the app from
    /// their account at the practice.
    pub fn end_lasting_access(&self) {
        self.shared.state().refresh.clear();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/metadata", get(fhir::metadata_r4))
        .route("/.well-known/smart-configuration", get(fhir::smart_configuration))
        .route("/Patient/{id}/$everything", get(fhir::everything))
        .route("/gpconnect/metadata", get(fhir::metadata_gp_connect))
        .route("/gpconnect/.well-known/smart-configuration", get(fhir::smart_configuration))
        .route("/gpconnect/Patient/$gpc.getstructuredrecord", post(fhir::structured_record))
        .route("/gpconnect/$gpc.getstructuredrecord", post(fhir::structured_record))
        .route("/$gpc.getstructuredrecord", post(fhir::structured_record))
        .route("/authorize", get(auth::authorize_page).post(auth::authorize_decision))
        .route("/token", post(auth::token))
        .route("/revoke", post(auth::revoke))
        .route("/register", post(auth::register))
        .route("/demo/patients", get(fhir::demo_patients))
        .route("/_faults", get(fhir::get_faults).post(fhir::set_faults))
        .route("/_stats", get(fhir::get_stats))
        .with_state(shared)
}
