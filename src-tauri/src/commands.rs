//! The commands the webview may invoke and the events it may hear, expanded from the one
//! declaration in `command_table.rs`.
//!
//! Each command becomes a `#[tauri::command(async)]` function of one line that forwards to
//! `phr_app::App`, to [`crate::dialogs`] or to [`crate::links`]. All run on Tauri's thread pool
//! (`async`), never on the main thread, so a half-second key derivation never freezes the
//! window. Arguments arrive camelCase from JS (`newPassphrase`) and passphrases deserialize
//! straight into zeroizing types: they are never held as plain `String`s here. Failures are
//! `AppError`, which Tauri sends as the promise's rejection.
//!
//! The same expansion gives [`handler`] (the `generate_handler!` list), [`COMMANDS`] and
//! [`EVENTS`] (names and TypeScript types, from which `tests/boundary.rs` generates
//! `ui/src/commands.ts` and `capabilities/main.json`).

use std::marker::PhantomData;

use phr_app::*;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};
use ts_rs::TS;

use crate::dialogs;
use crate::links;

/// One command as the webview sees it.
#[derive(Debug, Clone, Copy)]
pub struct CommandSig {
    /// The name `invoke` takes (snake_case, as the Rust function).
    pub name: &'static str,
    /// The doc comment's lines, for `commands.ts`.
    pub doc: &'static [&'static str],
    /// The arguments in order, by their Rust (snake_case) names.
    pub args: &'static [ArgSig],
    /// What the promise resolves to (the `T` of `Result<T>`).
    pub result: TsType,
}

/// One argument of a command.
#[derive(Debug, Clone, Copy)]
pub struct ArgSig {
    /// The Rust name; the JS key is its camelCase.
    pub name: &'static str,
    pub ty: TsType,
}

/// One event the backend sends the window.
#[derive(Debug, Clone, Copy)]
pub struct EventSig {
    /// The constant's name in `command_table.rs` (`VAULT_LOCKED`).
    pub id: &'static str,
    /// The name on the wire (`vault-locked`).
    pub name: &'static str,
    pub doc: &'static [&'static str],
    pub payload: TsType,
}

/// A type as TypeScript spells it.
#[derive(Debug, Clone, Copy)]
pub enum TsType {
    /// A Rust type with a ts-rs binding: its TypeScript name, and the binding files it names.
    Rust { name: fn() -> String, imports: fn() -> Vec<String> },
    /// A type without a binding, spelled out in the table (`Passphrase as "string"`).
    Literal(&'static str),
}

impl TsType {
    /// The TypeScript spelling (`Array<Person>`, `string | null`).
    pub fn name(&self) -> String {
        match self {
            TsType::Rust { name, .. } => name(),
            TsType::Literal(text) => (*text).to_string(),
        }
    }

    /// The binding types it names, each a file `ui/src/bindings/<name>.ts`.
    pub fn imports(&self) -> Vec<String> {
        match self {
            TsType::Rust { imports, .. } => imports(),
            TsType::Literal(_) => Vec::new(),
        }
    }
}

/// The exported binding types `T` names: itself and its type arguments (`Vec<Person>` names
/// `Person`); primitives and `Option`/`Vec` themselves name none.
pub fn ts_imports<T: TS + 'static>() -> Vec<String> {
    struct Collect(Vec<String>);
    impl ts_rs::TypeVisitor for Collect {
        fn visit<U: TS + 'static + ?Sized>(&mut self) {
            if let Some(dep) = ts_rs::Dependency::from_ty::<U>() {
                self.0.push(dep.ts_name);
            }
        }
    }
    let mut found = Collect(Vec::new());
    ts_rs::TypeVisitor::visit::<T>(&mut found);
    T::visit_generics(&mut found);
    found.0
}

/// An event the backend sends the window, typed by its payload.
pub struct Event<T> {
    pub name: &'static str,
    payload: PhantomData<fn(T)>,
}

impl<T> std::fmt::Debug for Event<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event").field("name", &self.name).finish()
    }
}

impl<T: Serialize> Event<T> {
    const fn new(name: &'static str) -> Self {
        Event { name, payload: PhantomData }
    }

    /// Sends the event to every window.
    pub fn emit<R: Runtime>(&self, handle: &AppHandle<R>, payload: &T) -> tauri::Result<()> {
        handle.emit(self.name, payload)
    }
}

/// The TypeScript of one argument or result type; `as "..."` overrides it.
macro_rules! ts_type {
    ($ty:ty as $ts:literal) => {
        TsType::Literal($ts)
    };
    ($ty:ty) => {
        TsType::Rust { name: <$ty as TS>::name, imports: ts_imports::<$ty> }
    };
}

/// Expands `command_table.rs`'s entries; the grammar is described there.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])+
        fn $name:ident ($app:ident $(+ $handle:ident)? $(, $arg:ident : $ty:ty $(as $ts:literal)?)*) -> Result<$ok:ty> $body:block
    )*) => {
        $(
            $(#[doc = $doc])+
            #[tauri::command(async)]
            pub fn $name($($handle: AppHandle,)? $app: State<'_, App> $(, $arg: $ty)*) -> Result<$ok, AppError> $body
        )*

        /// The invoke handler for every command in the table.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// Every command in the table, in its order.
        pub const COMMANDS: &[CommandSig] = &[$(
            CommandSig {
                name: stringify!($name),
                doc: &[$($doc),+],
                args: &[$(ArgSig { name: stringify!($arg), ty: ts_type!($ty $(as $ts)?) }),*],
                result: ts_type!($ok),
            }
        ),*];
    };
}

/// Expands `command_table.rs`'s events into typed constants and [`EVENTS`].
macro_rules! events {
    ($(
        $(#[doc = $doc:literal])+
        $id:ident = $name:literal : $payload:ty;
    )*) => {
        $(
            $(#[doc = $doc])+
            pub const $id: Event<$payload> = Event::new($name);
        )*

        /// Every event in the table, in its order.
        pub const EVENTS: &[EventSig] = &[$(
            EventSig { id: stringify!($id), name: $name, doc: &[$($doc),+], payload: ts_type!($payload) }
        ),*];
    };
}

include!("command_table.rs");
