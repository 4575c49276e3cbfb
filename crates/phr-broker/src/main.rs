//! `phr-broker`: runs the NHS login client-assertion broker, or prints its public JWKS.
//!
//! `phr-broker serve --client-id … --token-endpoint … --key key.pk8 --kid …` serves until
//! interrupted, printing `phr-broker listening on http://ADDRESS` on stdout once bound (so a
//! test that asks for port 0 learns its port). `phr-broker jwks --key … --kid …` prints the
//! JWKS to register with NHS login as the client's keys.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use phr_broker::{Broker, Config, RateLimit, SigningKey, jwks};

#[derive(Debug, Parser)]
#[command(name = "phr-broker", version, about = "Signs NHS login client assertions (private_key_jwt) for the app")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve POST /assertion and GET /health.
    Serve(ServeArgs),
    /// Print the public JWKS of the key, to register with the identity provider.
    Jwks(KeyArgs),
}

#[derive(Debug, Args)]
struct KeyArgs {
    /// The client's RSA private key: PKCS#8, DER or PEM.
    #[arg(long, env = "PHR_BROKER_KEY_FILE")]
    key: PathBuf,
    /// The key id it is registered under.
    #[arg(long, env = "PHR_BROKER_KID")]
    kid: String,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// The client id registered with NHS login.
    #[arg(long, env = "PHR_BROKER_CLIENT_ID")]
    client_id: String,
    /// The token endpoint assertions are for (the only one accepted).
    #[arg(long, env = "PHR_BROKER_TOKEN_ENDPOINT")]
    token_endpoint: String,
    /// The address to listen on (port 0 picks a free port).
    #[arg(long, env = "PHR_BROKER_LISTEN", default_value = "127.0.0.1:8787")]
    listen: String,
    /// Assertions allowed per address per window.
    #[arg(long, env = "PHR_BROKER_RATE", default_value_t = 30)]
    rate: u32,
    /// The rate window in seconds.
    #[arg(long, env = "PHR_BROKER_RATE_WINDOW_SECS", default_value_t = 60)]
    rate_window_secs: u64,
    /// Count requests by the last X-Forwarded-For address (only behind a proxy that sets it).
    #[arg(long, env = "PHR_BROKER_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("phr-broker: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Jwks(args) => {
            let key = SigningKey::from_file(&args.key, args.kid).map_err(|e| e.to_string())?;
            println!("{}", serde_json::to_string_pretty(&jwks(&key)).map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::Serve(args) => serve(args),
    }
}

fn serve(args: ServeArgs) -> Result<(), String> {
    let key = SigningKey::from_file(&args.key.key, args.key.kid).map_err(|e| e.to_string())?;
    let config = Config {
        client_id: args.client_id,
        token_endpoint: args.token_endpoint,
        key,
        rate: RateLimit { per_window: args.rate, window: Duration::from_secs(args.rate_window_secs) },
        trust_forwarded_for: args.trust_forwarded_for,
    };
    let broker = Broker::new(config).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let addr = listener.local_addr().map_err(|e| format!("no local address: {e}"))?;
        println!("phr-broker listening on http://{addr}");
        let _ = std::io::stdout().flush();
        broker.serve(listener, shutdown_signal()).await.map_err(|e| format!("the server stopped: {e}"))
    })
}

/// Ctrl-C, or SIGTERM where there is one (a service manager's stop).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
