//! `phr-gp-sandbox`: runs the demo GP practice on loopback until stopped, printing its URL
//! first (on its own line) so scripts can read it.

use clap::Parser;
use phr_gp_sandbox::{Config, Faults, Sandbox};

#[derive(Debug, Parser)]
#[command(version, about = "A made-up GP practice with synthetic patients, on 127.0.0.1")]
struct Args {
    /// The port to listen on; 0 picks a free one
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Skip the approval page: approve at once (for tests and scripted demos)
    #[arg(long)]
    auto_approve: bool,
    /// With --auto-approve: sign in as this patient (id or NHS number) instead of the first
    #[arg(long, value_name = "PATIENT")]
    approve_as: Option<String>,
    /// Entries per `Patient/$everything` page
    #[arg(long, default_value_t = 100)]
    page_size: usize,
    /// Access token lifetime in seconds
    #[arg(long, default_value_t = 3600)]
    token_lifetime: u64,
    /// Fault switches, repeatable: slow=MS, 500=N, 429=N, retry-after=SECS, drop=N,
    /// malformed=N, endless=N, huge=BYTES, trickle=N, trickle-ms=MS, from-page=N; and, 1 for
    /// on: no-s256, secret-only, v1-only, openid, wrong-iss, no-iss, no-patient (also
    /// settable at run time: POST /_faults)
    #[arg(long = "fault", value_name = "NAME=VALUE")]
    faults: Vec<String>,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let faults = match parse_faults(&args.faults) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("phr-gp-sandbox: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let config = Config {
        port: args.port,
        auto_approve: args.auto_approve,
        approve_as: args.approve_as,
        page_size: args.page_size.max(1),
        token_lifetime_secs: args.token_lifetime,
        faults,
    };
    let sandbox = match Sandbox::start(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("phr-gp-sandbox: could not start on port {}: {e}", args.port);
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("{}", sandbox.url());
    eprintln!(
        "Demo Practice (sandbox) at {} (GP Connect at {}, Spine ASID {})",
        sandbox.url(),
        sandbox.gp_connect_url(),
        phr_gp_sandbox::SANDBOX_ASID
    );
    eprintln!("Synthetic patients (made up; create a person with these details to try an import):");
    for p in sandbox.patients() {
        eprintln!("  {:<16} born {}  NHS number {}  {:?}  {}", p.name, p.birth_date, p.nhs_number, p.flavour, p.url);
    }
    loop {
        std::thread::park();
    }
}

fn parse_faults(specs: &[String]) -> Result<Faults, String> {
    let mut f = Faults { retry_after_secs: 1, ..Faults::default() };
    for spec in specs {
        let (name, value) = spec.split_once('=').ok_or_else(|| format!("--fault {spec}: expected NAME=VALUE"))?;
        let n: u64 = value.parse().map_err(|_| format!("--fault {spec}: {value} is not a whole number"))?;
        let count = u32::try_from(n).map_err(|_| format!("--fault {spec}: too large"))?;
        match name {
            "slow" => f.slow_ms = n,
            "500" => f.error_500 = count,
            "429" => f.error_429 = count,
            "retry-after" => f.retry_after_secs = n,
            "drop" => f.drop_connection = count,
            "malformed" => f.malformed = count,
            "endless" => f.endless = count,
            "huge" => f.huge_page_bytes = n,
            "trickle" => f.trickle = count,
            "trickle-ms" => f.trickle_ms = n,
            "from-page" => f.from_page = count,
            "no-s256" => f.smart_without_s256 = n != 0,
            "secret-only" => f.smart_secret_only = n != 0,
            "v1-only" => f.smart_v1_only = n != 0,
            "openid" => f.smart_openid = n != 0,
            "wrong-iss" => f.wrong_iss = n != 0,
            "no-iss" => f.no_iss = n != 0,
            "no-patient" => f.token_without_patient = n != 0,
            _ => return Err(format!("--fault {spec}: unknown fault {name}")),
        }
    }
    Ok(f)
}
