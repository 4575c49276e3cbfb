// An in-memory stand-in for the Rust backend, installed in the page before
// the app loads (page.addInitScript). It defines window.__TAURI_INTERNALS__
// the way Tauri 2 does, so @tauri-apps/api's invoke() and listen() work
// unchanged. The function must be self-contained: Playwright serialises it.
//
// window.__mock gives tests a handle: calls (every command with its args),
// emit(event, payload), state, and cspViolations.

export function installMockBackend(options) {
  const opts = Object.assign({ vault: "none", passphrase: "correct horse battery", people: [], autoLockMinutes: 5 }, options || {});
  const RECOVERY_KEY = "7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYZ";
  const VAULT_DIR = "/home/sam/.local/share/my-health-record";

  const state = {
    exists: opts.vault !== "none",
    unlocked: opts.vault === "unlocked",
    passphrase: opts.passphrase,
    autoLockMinutes: opts.autoLockMinutes,
    people: [],
    audit: {},
    nextId: 1,
  };
  const calls = [];
  const cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ""}`);
  });

  const now = () => new Date().toISOString();
  const fail = (code, message, field) => {
    const err = { code, message, field: field === undefined ? null : field };
    throw err;
  };
  const status = () => ({
    exists: state.exists,
    unlocked: state.unlocked,
    vaultDir: VAULT_DIR,
    autoLockMinutes: state.autoLockMinutes,
  });
  const needUnlocked = () => {
    if (!state.exists) fail("VAULT_NOT_FOUND", "There is no record on this computer yet.");
    if (!state.unlocked) fail("VAULT_LOCKED", "Your record is locked.");
  };
  const log = (personId, action, detail) => {
    const list = state.audit[personId] || (state.audit[personId] = []);
    list.push({ seq: list.length + 1, at: now(), action, detail, hash: "h" + (list.length + 1) });
  };
  const nhsOk = (text) => {
    const d = text.replace(/[\s-]/g, "");
    if (!/^\d{10}$/.test(d)) return null;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
    let check = 11 - (sum % 11);
    if (check === 11) check = 0;
    if (check === 10 || check !== Number(d[9])) return null;
    return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
  };
  const checkInput = (input) => {
    if (!input || typeof input.name !== "string" || !input.name.trim()) {
      fail("INVALID_NAME", "Enter the person's name.", "name");
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dateOfBirth || "")) {
      fail("INVALID_DATE_OF_BIRTH", "Date of birth must be a real date in the past.", "dateOfBirth");
    }
    let nhs = null;
    if (input.nhsNumber) {
      nhs = nhsOk(input.nhsNumber);
      if (!nhs) fail("INVALID_NHS_NUMBER", "That is not a valid NHS number. Check the 10 digits.", "nhsNumber");
    }
    return { name: input.name.trim(), dateOfBirth: input.dateOfBirth, nhsNumber: nhs };
  };
  const addPerson = (input) => {
    const clean = checkInput(input);
    const t = now();
    const person = Object.assign({ id: "p" + state.nextId++, createdAt: t, updatedAt: t }, clean);
    state.people.push(person);
    log(person.id, "personCreated", `Added ${person.name}`);
    return person;
  };
  for (const p of opts.people) {
    const person = addPerson(p);
    if (p.createdAt) {
      person.createdAt = p.createdAt;
      person.updatedAt = p.createdAt;
    }
  }

  const commands = {
    vault_status: () => status(),
    create_vault: ({ passphrase }) => {
      if (state.exists) fail("VAULT_EXISTS", "A record already exists.");
      if ([...passphrase].length < 10) fail("PASSPHRASE_TOO_SHORT", "Too short.", "passphrase");
      state.exists = true;
      state.unlocked = true;
      state.passphrase = passphrase;
      return { recoveryKey: RECOVERY_KEY, status: status() };
    },
    unlock: ({ passphrase }) => {
      if (!state.exists) fail("VAULT_NOT_FOUND", "No record.");
      if (passphrase !== state.passphrase) fail("WRONG_PASSPHRASE", "Wrong passphrase.", "passphrase");
      state.unlocked = true;
      for (const p of state.people) log(p.id, "vaultUnlocked", "Unlocked with passphrase");
      return status();
    },
    lock: () => {
      state.unlocked = false;
      return status();
    },
    recover: ({ recoveryKey, newPassphrase }) => {
      const norm = (s) => s.replace(/[\s-]/g, "").toUpperCase();
      if (norm(recoveryKey).length !== 27) fail("RECOVERY_KEY_MALFORMED", "A recovery key has 27 characters.", "recoveryKey");
      if (norm(recoveryKey) !== norm(RECOVERY_KEY)) fail("WRONG_RECOVERY_KEY", "Wrong key.", "recoveryKey");
      if ([...newPassphrase].length < 10) fail("PASSPHRASE_TOO_SHORT", "Too short.", "newPassphrase");
      state.passphrase = newPassphrase;
      state.unlocked = true;
      return status();
    },
    change_passphrase: ({ current, newPassphrase }) => {
      needUnlocked();
      if (current !== state.passphrase) fail("WRONG_PASSPHRASE", "Wrong passphrase.", "current");
      if ([...newPassphrase].length < 10) fail("PASSPHRASE_TOO_SHORT", "Too short.", "newPassphrase");
      state.passphrase = newPassphrase;
      return null;
    },
    suggest_passphrase: () => "otter lantern gravel",
    list_people: () => {
      needUnlocked();
      return state.people.slice();
    },
    add_person: ({ input }) => {
      needUnlocked();
      return addPerson(input);
    },
    update_person: ({ id, input }) => {
      needUnlocked();
      const person = state.people.find((p) => p.id === id);
      if (!person) fail("PERSON_NOT_FOUND", "Not found.");
      Object.assign(person, checkInput(input), { updatedAt: now() });
      log(id, "personUpdated", "Details changed");
      return person;
    },
    delete_person: ({ id, confirmName }) => {
      needUnlocked();
      const person = state.people.find((p) => p.id === id);
      if (!person) fail("PERSON_NOT_FOUND", "Not found.");
      if (confirmName !== person.name) fail("CONFIRMATION_REQUIRED", "Type the name to confirm.", "confirmName");
      state.people = state.people.filter((p) => p.id !== id);
      return null;
    },
    audit_log: ({ personId }) => {
      needUnlocked();
      return (state.audit[personId] || []).slice();
    },
    verify_audit: ({ personId }) => {
      needUnlocked();
      const person = state.people.find((p) => p.id === personId);
      return [{
        personId,
        personName: person ? person.name : "",
        entries: (state.audit[personId] || []).length,
        ok: true,
        brokenAt: null,
        problem: null,
      }];
    },
    get_settings: () => {
      needUnlocked();
      return { autoLockMinutes: state.autoLockMinutes };
    },
    set_settings: ({ settings }) => {
      needUnlocked();
      const n = settings.autoLockMinutes;
      if (!Number.isInteger(n) || n < 1 || n > 120) fail("INVALID_INPUT", "1 to 120 minutes.", "autoLockMinutes");
      state.autoLockMinutes = n;
      return { autoLockMinutes: n };
    },
    choose_backup_path: () => "/home/sam/Documents/my-health-record-2026-11-23.phrbackup",
    create_backup: ({ path }) => {
      needUnlocked();
      return { path, people: state.people.length, bytes: 482_304, createdAt: now() };
    },
    choose_restore_file: () => "/media/usb/my-health-record.phrbackup",
    restore_backup: ({ passphrase }) => {
      if (state.exists) fail("RESTORE_TARGET_NOT_EMPTY", "A record exists.");
      if (passphrase !== opts.passphrase) fail("WRONG_PASSPHRASE", "Wrong passphrase.", "passphrase");
      state.exists = true;
      state.unlocked = true;
      state.passphrase = passphrase;
      return status();
    },
    keep_alive: () => null,
    // --- record and GP import (issue 3) ---

    // --- readings (issue 4) ---

  };

  // Tauri's callback registry and event plugin.
  const callbacks = new Map();
  let nextCallback = 1;
  const listeners = new Map();

  const internals = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    transformCallback(callback, once) {
      const id = nextCallback++;
      callbacks.set(id, (data) => {
        if (once) callbacks.delete(id);
        return callback && callback(data);
      });
      return id;
    },
    unregisterCallback(id) {
      callbacks.delete(id);
    },
    runCallback(id, data) {
      const cb = callbacks.get(id);
      if (cb) cb(data);
    },
    callbacks,
    convertFileSrc: (path) => path,
    async invoke(cmd, args) {
      const a = args || {};
      if (cmd === "plugin:event|listen") {
        if (!listeners.has(a.event)) listeners.set(a.event, []);
        listeners.get(a.event).push(a.handler);
        return a.handler;
      }
      if (cmd === "plugin:event|unlisten") {
        const list = listeners.get(a.event) || [];
        const i = list.indexOf(a.eventId);
        if (i >= 0) list.splice(i, 1);
        return null;
      }
      calls.push({ cmd, args: JSON.parse(JSON.stringify(a)) });
      const handler = commands[cmd];
      if (!handler) throw `command ${cmd} not found`;
      // Behave like IPC: always asynchronous, and data is copied.
      await new Promise((r) => setTimeout(r, 5));
      return JSON.parse(JSON.stringify(handler(a) ?? null));
    },
  };

  window.__TAURI_INTERNALS__ = internals;
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = {
    unregisterListener(event, id) {
      callbacks.delete(id);
    },
  };
  window.__mock = {
    calls,
    state,
    cspViolations,
    emit(event, payload) {
      for (const id of listeners.get(event) || []) internals.runCallback(id, { event, id, payload });
    },
  };
}
