// An in-memory stand-in for the Rust backend, installed in the page before
// the app loads (page.addInitScript). It defines window.__TAURI_INTERNALS__
// the way Tauri 2 does, so @tauri-apps/api's invoke() and listen() work
// unchanged. The function must be self-contained: Playwright serialises it.
//
// window.__mock gives tests a handle: calls (every command with its args),
// emit(event, payload), state, cspViolations, and commandNames (what it implements;
// src/mock-backend.test.ts checks that is exactly the backend's COMMAND_NAMES).

export function installMockBackend(options) {
  // The page gets this function's own text, so its helpers live inside it. A stand-in for the
  // backend's strength rule: short, one repeated character, or a well-known password.
  const weakPassphrase = (passphrase) =>
    [...passphrase].length < 10 || /^(.)\1*$/.test(passphrase) || /password|qwerty|123456/i.test(passphrase);

  const opts = Object.assign(
    { vault: "none", passphrase: "correct horse battery", people: [], autoLockMinutes: 5, readOnly: null },
    options || {},
  );
  const RECOVERY_KEY = "7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYZ";
  const VAULT_DIR = "/home/sam/.local/share/my-health-record";

  const state = {
    exists: opts.vault !== "none",
    unlocked: opts.vault === "unlocked",
    passphrase: opts.passphrase,
    autoLockMinutes: opts.autoLockMinutes,
    // `readOnly`: the reason changes cannot be saved (as the backend words it), or null.
    readOnly: opts.readOnly,
    recoveryKey: RECOVERY_KEY,
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
    readOnly: state.unlocked && state.readOnly !== null,
    readOnlyReason: state.unlocked ? state.readOnly : null,
  });
  const savedPdf = (what, personId) => {
    needUnlocked();
    // A suite sets state.cancelPdf to stand for the person cancelling the Save dialog.
    if (state.cancelPdf) return null;
    const handle = `pdf-${what}-${(state.pdfs || []).length + 1}`;
    (state.pdfs || (state.pdfs = [])).push({ saved: what, personId, handle });
    return { handle, displayName: `${what}.pdf`, count: 1 };
  };
  const needUnlocked = () => {
    if (!state.exists) fail("VAULT_NOT_FOUND", "There is no record on this computer yet.");
    if (!state.unlocked) fail("VAULT_LOCKED", "Your record is locked.");
  };
  // As the backend does: a dialog's path stays here, bound to what it was chosen for, and the
  // page gets a one-time handle and the file's name (FileChoice); the action commands take the
  // handle, refused with FILE_CHOICE_INVALID when unknown, used or chosen for something else.
  // The paths are the mock's own stand-ins (its behaviour keys on words in them).
  const choices = new Map();
  let nextChoice = 1;
  // A choice for a person's action names the person (`owner`): it serves no one else's, as in
  // the backend (file_choice.rs). Dropped files have none and are bound at their first use.
  const choose = (purpose, paths, owner) => {
    if (!paths || paths.length === 0) return null;
    const handle = `choice-${nextChoice++}`;
    choices.set(handle, { purpose, paths: paths.slice(), owner });
    const name = paths.length === 1 ? paths[0].split(/[\\/]/).pop() : `${paths.length} files`;
    return { handle, displayName: name, count: paths.length };
  };
  const chosen = (handle, purpose, personId) => {
    const c = choices.get(handle);
    if (c && personId && !c.owner) c.owner = personId;
    if (!c || c.purpose !== purpose || (personId && c.owner !== personId)) {
      choices.delete(handle);
      fail("FILE_CHOICE_INVALID", "The file chosen for this has expired or was not chosen here. Choose the file again.", "path");
    }
    return c.paths;
  };
  const spend = (handle) => choices.delete(handle);
  // As the backend's one check (own_access.rs carer_may): while a cared-for person's own access
  // is closed, what their limits do not allow the carer is refused, in the backend's words.
  const carerMay = (personId, permission) => {
    const o = (state.own || {})[personId];
    if (!o || state.ownOpen === personId || (o.allowed || ["readings", "import", "share", "export"]).includes(permission)) return;
    const p = state.people.find((x) => x.id === personId);
    const name = p ? p.name.trim().split(/\s+/)[0] : "They";
    const doing = { readings: "add readings to this record", import: "import into this record", share: "make shares of this record", export: "export this record" }[permission];
    fail("CARER_NOT_ALLOWED", `${name} has chosen not to let you ${doing}. Only ${name} can change this, with their own password.`);
  };
  const log = (personId, action, detail) => {
    const list = state.audit[personId] || (state.audit[personId] = []);
    // `what` stands in for the backend's words for the action (test data, not the app's words).
    const what = action.replace(/[A-Z]/g, (c) => " " + c.toLowerCase()).replace(/^./, (c) => c.toUpperCase());
    list.push({ seq: list.length + 1, at: now(), action, what, who: "You", detail, hash: "h" + (list.length + 1) });
  };
  // The backend's answers to check_person for what the suites type: fixed test data. The
  // rules themselves (the NHS number's check digit, the limits) are the backend's alone.
  // The last two are the demo practice's made-up patients (gp_demo_patients).
  const VALID_NHS_NUMBERS = ["9434765919", "9434765870", "9449305552", "9000000009", "9000000017"];
  const personProblems = (input) => {
    const problems = [];
    if (!input || typeof input.name !== "string" || !input.name.trim()) {
      problems.push({ code: "INVALID_NAME", field: "name", message: "Enter the person's name." });
    }
    if (!input || !input.dateOfBirth) {
      problems.push({ code: "INVALID_DATE_OF_BIRTH", field: "dateOfBirth", message: "Enter a real date of birth, for example 1948-07-05." });
    }
    const digits = String((input && input.nhsNumber) || "").replace(/[\s-]/g, "");
    if (digits && !VALID_NHS_NUMBERS.includes(digits)) {
      const message = digits.length === 10 ? "That is not a valid NHS number. Check the 10 digits." : "NHS number must be 10 digits, like 943 476 5919.";
      problems.push({ code: "INVALID_NHS_NUMBER", field: "nhsNumber", message });
    }
    return problems;
  };
  const checkInput = (input) => {
    const [first] = personProblems(input);
    if (first) fail(first.code, first.message, first.field);
    const d = String(input.nhsNumber || "").replace(/[\s-]/g, "");
    const nhs = d ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : null;
    return { name: input.name.trim(), dateOfBirth: input.dateOfBirth, nhsNumber: nhs };
  };
  const addPerson = (input) => {
    const clean = checkInput(input);
    const t = now();
    // The role's words come from the backend: a suite seeds them with the person (role,
    // roleWords, banner, prompt); a person added here has none set.
    const role = { role: null, roleWords: "", banner: null, prompt: null };
    const person = Object.assign({ id: "p" + state.nextId++, createdAt: t, updatedAt: t }, role, clean);
    state.people.push(person);
    log(person.id, "personCreated", `Added ${person.name}`);
    return person;
  };
  for (const p of opts.people) {
    const person = addPerson(p);
    for (const k of ["role", "roleWords", "banner", "prompt"]) if (k in p) person[k] = p[k];
    if (p.createdAt) {
      person.createdAt = p.createdAt;
      person.updatedAt = p.createdAt;
    }
  }

  // The words and today's dates as the backend gives them: the harness passes the JSON a Rust
  // test writes (ui/src/test/vocabulary.json), so the mock keeps no words of its own.
  const words = opts.words || { vocabulary: null, today: null };
  const todayDate = () => (words.today ? words.today.date : "2026-11-23");
  // As the backend (phr_core::care_access): a child looked after with parental responsibility
  // who has turned 16 by the mock's today pauses their carer's access until they take the
  // record over or agree, with their own password, to let the carer carry on. A person seeded
  // with a date of birth 16 years before today is such a child.
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const sixteenthBirthday = (person) => {
    if (person.role?.kind !== "caredFor" || person.role.basis !== "parental") return null;
    const [y, m, d] = person.dateOfBirth.split("-").map(Number);
    const at16 = `${y + 16}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    return at16 <= todayDate() ? { iso: at16, words: `${d} ${MONTHS[m - 1]} ${y + 16}` } : null;
  };
  const withCareAccess = (person) => {
    const at16 = sixteenthBirthday(person);
    if (!at16) return person;
    const first = person.name.trim().split(/\s+/)[0];
    const access = {
      state: "suspended",
      tag: "Access paused",
      message: `${person.name} turned 16 on ${at16.words}. You cannot open their record unless ${first} takes it over, or agrees with their own password that you can keep looking after it.`,
      reviewReopens: false,
    };
    return { ...person, role: { ...person.role, access } };
  };

  // Red-flag advice in the backend's shape (phr-app's Advice), for the values the suites use:
  // rows copied from phr_core::readings::red_flags as test data, not the table's rules.
  // adviceFor({ kind, value, value2, at }, "reading" | "result") -> Advice or null.
  const adviceFor = (() => {
    const NG136 = { title: "NICE guideline NG136: Hypertension in adults: diagnosis and management", url: "https://www.nice.org.uk/guidance/ng136/chapter/Recommendations" };
    const LOW_SUGAR = { title: "NHS: Low blood sugar (hypoglycaemia)", url: "https://www.nhs.uk/conditions/low-blood-sugar-hypoglycaemia/" };
    const OXIMETRY = { title: "NHS England: Pulse oximetry to detect early deterioration of patients in primary and community care", url: "https://www.england.nhs.uk/coronavirus/publication/pulse-oximetry-to-detect-early-deterioration-of-patients-with-covid-19-in-primary-and-community-care-settings/" };
    const row = (rule, urgency, headline, text, condition, source, ifSymptoms = []) =>
      ({ rule, urgency, isRedFlag: urgency !== "none", headline, text, condition, field: null, ifSymptoms, source, reviewed: "2026-12-03", stale: null });
    const BP_SYMPTOMS = {
      symptoms: "chest pain, shortness of breath, a severe headache, changes in your eyesight, confusion, or weakness in your face, arm or leg",
      urgency: "emergency",
      headline: "Very high blood pressure with symptoms",
      text: "Call 999 now. Blood pressure this high with these symptoms can mean a heart attack or a stroke, or harm to your brain, heart, eyes or kidneys.",
    };
    const judge = (r, taken) => {
      const v = r.value;
      const v2 = r.value2;
      if (r.kind === "bloodPressure" && v !== null && v2 !== null) {
        if (v >= 180 || v2 >= 120) {
          return Object.assign(row("bp-very-high", "urgent", "Very high blood pressure",
            "Your blood pressure is very high. Sit still and rest for 5 minutes, then take it again. If it is still 180/120 or higher, ask for an urgent GP appointment today or call NHS 111.",
            "systolic 180 mmHg or more, or diastolic 120 mmHg or more", NG136, [BP_SYMPTOMS]), { field: v >= 180 ? "value" : "value2" });
        }
        if (taken === "result" && (v >= 140 || v2 >= 90)) {
          return row("bp-high-clinic", "none", "Higher than the usual range",
            "This is 140/90 or higher, the level NICE uses for readings taken at a GP practice or clinic. Your GP decides what it means, often with home or 24-hour readings.",
            "systolic 140 mmHg or more, or diastolic 90 mmHg or more, taken in a clinic",
            { title: "NHS: High blood pressure (hypertension)", url: "https://www.nhs.uk/conditions/high-blood-pressure/" });
        }
        if (taken !== "result" && (v >= 135 || v2 >= 85)) {
          return row("bp-high-home", "none", "Higher than the usual range",
            "This is 135/85 or higher, the level NICE uses for readings taken at home. One reading does not mean you have high blood pressure: your GP looks at the average of a week of home readings. If most of your readings are this high, tell your GP practice.",
            "systolic 135 mmHg or more, or diastolic 85 mmHg or more, taken at home", NG136);
        }
      }
      if (r.kind === "bloodGlucose" && v !== null && v < 4) {
        return Object.assign(row("glucose-hypo", "urgent", "Low blood sugar (a hypo)",
          "Treat it now. Eat or drink something sugary, such as a small glass of fruit juice or fizzy drink (not diet), 5 glucose tablets or 4 large jelly babies. Check again after 10 to 15 minutes. If it is still below 4, have another sugary drink or snack and check again. When you feel better, eat something like a sandwich or your next meal.",
          "less than 4 mmol/L", LOW_SUGAR), { field: "value" });
      }
      if (r.kind === "oxygenSaturation" && v !== null && v <= 92) {
        return Object.assign(row("spo2-very-low", "emergency", "Very low oxygen level",
          "Check it again on a warm finger without nail varnish. If it is still 92% or lower, go to A&E or call 999 now. If your care team has given you a different target, because you have a lung condition, follow their plan.",
          "92% or less", OXIMETRY), { field: "value" });
      }
      return null;
    };
    const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return (r, taken = "reading") => {
      const a = judge(r, taken);
      if (!a || !r.at) return a;
      // The backend's note when the reading or result is not from today or yesterday.
      const day = new Date(String(r.at).length === 10 ? r.at + "T12:00:00" : r.at);
      const today = new Date();
      const days = Math.floor((new Date(today.getFullYear(), today.getMonth(), today.getDate()) - new Date(day.getFullYear(), day.getMonth(), day.getDate())) / 86_400_000);
      if (days > 1) {
        const d = `${day.getDate()} ${MONTHS[day.getMonth()]} ${day.getFullYear()}`;
        a.stale = taken === "result"
          ? `This result is from ${d}. The advice is for a reading like this taken now. Ask your GP practice what it meant at the time.`
          : `This reading was taken on ${d}. The advice is for a reading like this taken now. If you feel unwell now, take a new reading.`;
      }
      return a;
    };
  })();

  const commands = {
    vocabulary: () => words.vocabulary,
    about: () => words.about,
    // A file the desktop opened with the app (opts.openedFile: a .phrshare or .phrbackup path), once.
    opened_file: () => {
      const path = opts.openedFile;
      opts.openedFile = null;
      if (!path) return null;
      const kind = path.endsWith(".phrshare") ? "share" : "backup";
      return { kind, choice: choose(kind === "share" ? "openSharePackage" : "restoreBackup", [path]) };
    },
    today: () => words.today,
    check_person: ({ input }) => personProblems(input),
    check_person_update: ({ input }) => personProblems(input),
    vault_status: () => status(),
    create_vault: ({ passphrase }) => {
      if (state.exists) fail("VAULT_EXISTS", "A record already exists.");
      if ([...passphrase].length < 10) fail("PASSPHRASE_TOO_SHORT", "Too short.", "passphrase");
      if (weakPassphrase(passphrase)) fail("PASSPHRASE_TOO_WEAK", "This passphrase would be too easy to guess.", "passphrase");
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
      state.shareDraft = null;
      state.ownOpen = null;
      return status();
    },
    recover: ({ recoveryKey, newPassphrase }) => {
      const norm = (s) => s.replace(/[\s-]/g, "").toUpperCase();
      if (norm(recoveryKey).length !== 27) fail("RECOVERY_KEY_MALFORMED", "A recovery key has 27 characters.", "recoveryKey");
      if (norm(recoveryKey) !== norm(state.recoveryKey)) fail("WRONG_RECOVERY_KEY", "Wrong key.", "recoveryKey");
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
    rotate_keys: ({ current, newPassphrase }) => {
      needUnlocked();
      if (current !== state.passphrase) fail("WRONG_PASSPHRASE", "Wrong passphrase.", "current");
      if ([...newPassphrase].length < 10) fail("PASSPHRASE_TOO_SHORT", "Too short.", "newPassphrase");
      state.passphrase = newPassphrase;
      state.recoveryKey = "9ABC-DEFG-HJKM-NPQR-STVW-XYZ0-123";
      return { recoveryKey: state.recoveryKey, finished: true };
    },
    new_recovery_key: ({ passphrase }) => {
      needUnlocked();
      if (passphrase !== state.passphrase) fail("WRONG_PASSPHRASE", "Wrong passphrase.", "current");
      state.recoveryKey = "4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXY";
      return { recoveryKey: state.recoveryKey, finished: true };
    },
    suggest_passphrase: () => "otter lantern gravel mosaic ferry",
    // A stand-in for the backend's estimate (the real one is zxcvbn's, judged in Rust): short,
    // repeated or very common passphrases are weak, the rest strong.
    passphrase_strength: ({ passphrase }) =>
      weakPassphrase(passphrase)
        ? { score: 0, label: "Weak", acceptable: false, advice: ["Add another word or two. Unusual words are better."] }
        : { score: 4, label: "Strong", acceptable: true, advice: [] },
    list_people: () => {
      needUnlocked();
      return state.people.map(withCareAccess);
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
    // As the backend: only someone cared for has a review; the next one is a year on.
    mark_review_done: ({ id, nextReviewOn }) => {
      needUnlocked();
      const person = state.people.find((p) => p.id === id);
      if (!person) fail("PERSON_NOT_FOUND", "Not found.");
      if (person.role?.kind !== "caredFor") fail("INVALID_INPUT", "Only the record of someone you care for has a review.", "reviewOn");
      const next = new Date(now());
      next.setFullYear(next.getFullYear() + 1);
      person.role = { ...person.role, reviewOn: nextReviewOn ?? next.toISOString().slice(0, 10), reviewDue: false };
      person.prompt = null;
      log(id, "personUpdated", "Review of the right to look after the record recorded");
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
    // --- handing a record over (the codes are fixed test data; the rules are the backend's) ---
    // A suite sets state.handover.cancel to stand for the person cancelling a dialog.
    choose_handover_path: ({ personId }) =>
      (state.handover || {}).cancel ? null : choose("saveHandover", ["/home/sam/Documents/health-record-handover.phrhandover"], personId),
    handover_create: ({ personId, choice }) => {
      needUnlocked();
      const [path] = chosen(choice, "saveHandover", personId);
      spend(choice);
      (state.handoverWaiting || (state.handoverWaiting = {}))[personId] = true;
      log(personId, "handoverPackageMade", "Handover package made");
      return { personId, fileName: path.split(/[\\/]/).pop(), code: "K7QM-2XD9-4HRT-8WP5" };
    },
    save_handover_code_pdf: () => savedPdf("handover-code", null),
    handover_status: ({ personId }) => {
      needUnlocked();
      const person = state.people.find((p) => p.id === personId);
      if (!person) fail("PERSON_NOT_FOUND", "Not found.");
      // The first word of the name, as the backend's first_name gives it.
      return { personId, waiting: !!(state.handoverWaiting || {})[personId], firstName: person.name.split(" ")[0] };
    },
    handover_confirm: ({ personId, receipt }) => {
      needUnlocked();
      if (!(state.handoverWaiting || {})[personId]) fail("HANDOVER_NOT_WAITING", "No handover of this record is waiting for a receipt.");
      const norm = (s) => s.replace(/[\s-]/g, "").toUpperCase();
      if (norm(receipt) !== "7KQM2XD9") {
        fail("HANDOVER_RECEIPT_WRONG", "That receipt code does not match the handover package. Check it on the other screen and type it again. Nothing was removed.", "receipt");
      }
      state.people = state.people.filter((p) => p.id !== personId);
      delete state.handoverWaiting[personId];
      return null;
    },
    choose_handover_file: () =>
      (state.handover || {}).cancel ? null : choose("openHandover", ["/home/emma/Downloads/health-record-handover.phrhandover"]),
    handover_accept: ({ choice, code, newPassword }) => {
      if (state.exists) fail("HANDOVER_TARGET_NOT_EMPTY", "A handover can only be received into a new record.");
      chosen(choice, "openHandover");
      const norm = (s) => s.replace(/[\s-]/g, "").toUpperCase();
      if (norm(code).length !== 16) fail("HANDOVER_CODE_MALFORMED", `A handover code has 16 letters and digits, like K7QM-2XD9-4HRT-8WP5; this has ${norm(code).length}. Check that you copied all of it.`, "handoverCode");
      if (norm(code) !== "K7QM2XD94HRT8WP5") fail("HANDOVER_WRONG_CODE", "That handover code does not open this file. Check it and type it again.", "handoverCode");
      if ([...newPassword].length < 10) fail("PASSPHRASE_TOO_SHORT", "Too short.", "passphrase");
      if (weakPassphrase(newPassword)) fail("PASSPHRASE_TOO_WEAK", "This password would be too easy to guess.", "passphrase");
      spend(choice);
      state.exists = true;
      state.unlocked = true;
      state.passphrase = newPassword;
      const person = addPerson({ name: "Emma Jones", dateOfBirth: "2010-04-01", nhsNumber: null });
      (state.receiptKept || (state.receiptKept = {}))[person.id] = "7KQM-2XD9";
      return { personId: person.id, recoveryKey: RECOVERY_KEY, receipt: "7KQM-2XD9", status: status() };
    },
    // The receipt code kept until the person says it was given (stand-in words, as the backend's).
    handover_receipt: ({ personId }) => {
      needUnlocked();
      const receipt = (state.receiptKept || {})[personId];
      if (!receipt) return null;
      return {
        personId,
        receipt,
        give: `Give this receipt code to Sarah: ${receipt}`,
        whatItDoes: "When they type it into their app, their copy of your record is removed. Until then, they still have it.",
        given: "I have given the code",
      };
    },
    handover_receipt_given: ({ personId }) => {
      needUnlocked();
      delete (state.receiptKept || {})[personId];
      return null;
    },
    audit_log: ({ personId }) => {
      needUnlocked();
      return (state.audit[personId] || []).slice();
    },
    // As the backend: the person's log by who acted, the newest actor first, each newest first.
    // The suites seed who acted (`who`, `actor`) and the words (`what`, `when`) on entries;
    // the words themselves are the backend's.
    carer_activity: ({ personId }) => {
      needUnlocked();
      const person = state.people.find((p) => p.id === personId);
      if (!person) fail("PERSON_NOT_FOUND", "Not found.");
      const caredFor = person.role?.kind === "caredFor";
      // Worded for the reader, as the backend: the carer is "You (carer)" to themselves.
      const personReads = state.ownOpen === personId;
      const actors = [];
      for (const e of (state.audit[personId] || []).slice().reverse()) {
        let who = e.who ?? (caredFor ? "Your carer" : "You");
        if (caredFor && !personReads && (e.actor ?? "carer") === "carer") who = "You (carer)";
        let group = actors.find((a) => a.who === who);
        if (!group) actors.push((group = { actor: e.actor ?? (caredFor ? "carer" : "you"), who, entries: [] }));
        group.entries.push({ seq: e.seq, what: e.what ?? e.detail, when: e.when ?? e.at, at: e.at, forWhom: person.name, detail: e.detail });
      }
      return {
        personId,
        personName: person.name,
        heading: !caredFor
          ? "What has been done on this record"
          : personReads ? "What your carer has done" : `Activity in ${person.name.split(" ")[0]}'s record`,
        actors,
      };
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
    // Interface preferences live outside the vault, readable locked or not. The mock keeps
    // them in the page's localStorage, standing in for the file, so they outlive a reload.
    get_preferences: () => {
      const saved = Number(window.localStorage.getItem("mock-text-size-percent"));
      return { textSizePercent: [100, 125, 150, 175, 200].includes(saved) ? saved : 100 };
    },
    set_preferences: ({ preferences }) => {
      const n = preferences.textSizePercent;
      if (![100, 125, 150, 175, 200].includes(n)) fail("INVALID_INPUT", "Choose a text size.", "textSize");
      window.localStorage.setItem("mock-text-size-percent", String(n));
      return { textSizePercent: n };
    },
    choose_backup_path: () => choose("saveBackup", ["/home/sam/Documents/my-health-record-2026-11-23.phrbackup"]),
    create_backup: ({ choice }) => {
      needUnlocked();
      const [path] = chosen(choice, "saveBackup");
      spend(choice);
      return { path, people: state.people.length, bytes: 482_304, createdAt: now() };
    },
    choose_restore_file: () => choose("restoreBackup", ["/media/usb/my-health-record.phrbackup"]),
    restore_backup: ({ choice, passphrase }) => {
      chosen(choice, "restoreBackup");
      if (state.exists) fail("RESTORE_TARGET_NOT_EMPTY", "A record exists.");
      if (passphrase !== opts.passphrase) fail("WRONG_PASSPHRASE", "Wrong passphrase.", "passphrase");
      spend(choice);
      state.exists = true;
      state.unlocked = true;
      state.passphrase = passphrase;
      return status();
    },
    // The background check after unlock: opts.damaged names the people whose record it found
    // damaged (the backend's words, as RecordCheck gives them).
    background_check: () => {
      if (!state.unlocked) return { running: false, damage: null };
      const damaged = state.people.filter((p) => (opts.damaged || []).includes(p.id));
      if (damaged.length === 0) return { running: false, damage: null };
      const people = damaged.map((p) => ({ personId: p.id, personName: p.name, ok: false, problem: "The file is damaged." }));
      return {
        running: false,
        damage: {
          ok: false,
          summary: `Damage found in the record of ${damaged.map((p) => p.name).join(", ")}.`,
          advice:
            "Restore your record from your latest backup. Anything added since that backup will need adding again. Until then, do not add to or change the damaged record.",
          people,
        },
      };
    },
    check_record: () => {
      needUnlocked();
      const total = state.people.length;
      for (let done = 0; done <= total; done++) window.__mock.emit("check-progress", { done, total });
      const people = state.people.map((p) => ({ personId: p.id, personName: p.name, ok: true, problem: null }));
      const summary = total ? "No damage found. Your record is whole." : "There are no records to check yet.";
      return { ok: true, summary, advice: null, people };
    },
    keep_alive: () => null,
    // --- record and GP import ---
    // A synthetic record per person. opts.records maps a person id to "full" (1,111
    // entries), "pastMedicines" (the same, but its medicines are acute ones last issued in
    // 2019, as in GP Connect's published example) or "empty" (the default). Importing a file
    // or from the GP fills an empty one.
    // Paths with "broken" fail as malformed JSON; "someone-else" as another patient.
    ...(() => {
      const records = {};
      // The import history, shared with the readings below (a device file is an import too).
      const imports = (state.imports = {});
      const KINDS = [
        ["problem", 12], ["medication", 30], ["allergy", 1], ["immunisation", 8], ["result", 1000],
        ["encounter", 50], ["procedure", 5], ["document", 5],
      ];
      const TITLES = {
        problem: ["Asthma", "Essential hypertension", "Type 2 diabetes mellitus", "Osteoarthritis of knee"],
        medication: ["Salbutamol 100 micrograms inhaler", "Ramipril 5mg capsules", "Metformin 500mg tablets"],
        allergy: ["Penicillin"],
        immunisation: ["Influenza vaccine", "COVID-19 vaccine", "Pneumococcal vaccine"],
        result: ["Serum potassium", "Haemoglobin A1c", "Serum sodium", "eGFR", "Total cholesterol"],
        encounter: ["GP surgery consultation", "Telephone consultation"],
        procedure: ["Cataract extraction", "Appendicectomy"],
        document: ["Discharge letter", "Outpatient clinic letter"],
      };
      const GP = { kind: "gp", name: "Demo Practice", odsCode: "A99999", url: "http://127.0.0.1:8765/fhir" };
      // Kept GP connections by person (import_from_gp with stayConnected).
      const gpConnections = {};
      const iso = (i) => {
        // Newest first: one entry every 3 days back from 1 Nov 2026.
        const d = new Date(Date.UTC(2026, 10, 1) - i * 3 * 86400000);
        return d.toISOString().slice(0, 10);
      };
      const build = (source) => {
        const list = [];
        let n = 0;
        for (const [kind, count] of KINDS) {
          for (let i = 0; i < count; i++, n++) {
            const names = TITLES[kind];
            const result = kind === "result";
            const high = result && i % 7 === 0;
            const low = result && i % 11 === 0 && !high;
            list.push({
              id: `${kind}-${i}`,
              kind,
              title: names[i % names.length],
              status: kind === "problem" ? (i < 4 ? "active" : "resolved") : kind === "medication" ? (i < 3 ? "active" : "stopped") : result ? "final" : kind === "allergy" ? "active" : "completed",
              date: iso((n * 37) % 1111),
              valueText: result ? (high ? "5.9 mmol/L" : low ? "3.1 mmol/L" : "4.2 mmol/L") : null,
              flag: high ? "High" : low ? "Low" : null,
              abnormal: high || low,
              sensitivity: kind === "document" && i === 0 ? "mentalHealth" : "general",
              sourceName: source.name,
              setByUser: false,
              source,
            });
          }
        }
        list.sort((a, b) => (b.date || "").localeCompare(a.date || "") || a.id.localeCompare(b.id));
        return list;
      };
      // Jane Jackson's medicines in GP Connect's example: acute plans and issues, all 2019.
      const PAST_MEDICINES = [
        ["Citalopram 20mg tablets", ["2019-06-01", "2019-06-01", "2019-05-01", "2019-05-01", "2019-03-28", "2019-03-28", "2019-06-01"]],
        ["Amlodipine 10mg tablets", ["2019-03-28", "2019-03-28"]],
        ["Paracetamol 500mg tablets", ["2019-03-28", "2019-03-28", "2019-03-28"]],
      ];
      const pastMedicines = (source) => {
        const others = build(source).filter((e) => e.kind !== "medication");
        const meds = PAST_MEDICINES.flatMap(([title, dates]) =>
          dates.map((date, i) => ({
            id: `medication-${title.split(" ")[0].toLowerCase()}-${i}`,
            kind: "medication",
            title,
            status: "completed",
            date,
            role: i === 6 ? "statement" : i % 2 === 0 ? "issue" : "authorisation",
            course: "acute",
            valueText: null,
            flag: null,
            abnormal: false,
            sensitivity: "general",
            sourceName: source.name,
            setByUser: false,
            source,
          })),
        );
        return [...others, ...meds];
      };
      // "bloodPressures": the full record plus the GP's blood pressures (two high, one a red
      // flag) and 12 results with no range, which the "outside the normal range" filter cannot
      // check. Each result's rangeCheck and advice are given as the backend gives them.
      const bloodPressures = (source) => {
        const bp = (id, date, value, value2) => {
          const advice = adviceFor({ kind: "bloodPressure", value, value2, at: date }, "result");
          return { id, kind: "result", title: "Blood pressure", status: "final", date, valueText: `${value}/${value2} mmHg`, flag: null, abnormal: true, rangeCheck: "outside", advice, sensitivity: "general", sourceName: source.name, setByUser: false, source };
        };
        const unranged = [...Array(12).keys()].map((i) => ({
          id: `result-vitd-${i}`, kind: "result", title: "Vitamin D level", status: "final", date: `2025-0${1 + (i % 9)}-1${i % 10}`,
          valueText: `${40 + i} nmol/L`, flag: null, abnormal: false, rangeCheck: "cannotCheck", sensitivity: "general", sourceName: source.name, setByUser: false, source,
        }));
        const list = [...build(source), bp("result-bp-1", "2026-10-02", 186, 122), bp("result-bp-2", "2019-06-01", 163, 105), bp("result-bp-3", "2019-03-28", 174, 102), ...unranged];
        list.sort((a, b) => (b.date || "").localeCompare(a.date || "") || a.id.localeCompare(b.id));
        return list;
      };
      for (const [id, kind] of Object.entries(opts.records || {})) {
        if (kind === "bloodPressures") {
          records[id] = bloodPressures(GP);
          imports[id] = [{ importId: "imp-0", kind: "record", source: GP, files: [], finishedAt: "2026-11-20T10:00:00Z", added: records[id].length, updated: 0, unchanged: 0, unmapped: 0, rejected: 0, undoneAt: null, ownerOverridden: false }];
        }
        if (kind === "full" || kind === "pastMedicines") {
          records[id] = kind === "full" ? build(GP) : pastMedicines(GP);
          imports[id] = [{ importId: "imp-0", kind: "record", source: GP, files: [], finishedAt: "2026-11-20T10:00:00Z", added: 1111, updated: 0, unchanged: 0, unmapped: 0, rejected: 0, undoneAt: null, ownerOverridden: false }];
        }
      }
      const recordOf = (personId) => {
        needUnlocked();
        if (!state.people.some((p) => p.id === personId)) fail("PERSON_NOT_FOUND", "We could not find that person.");
        return records[personId] || (records[personId] = []);
      };
      const summaryOf = (e) => {
        const { setByUser, source, role, course, ...rest } = e;
        return rest;
      };
      const top = (list, kind, pred, n) => list.filter((e) => e.kind === kind && pred(e)).slice(0, n).map(summaryOf);
      // The record's medicines, each once, as the backend words them (its grouping and
      // "current" rule are tested in Rust; here, by title, and current when any is active).
      const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
      const dayText = (iso) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
      // How long before 23 Nov 2026 (the mock's today), in months or years as the backend says it.
      const yearsAgo = (iso) => {
        const months = (2026 - Number(iso.slice(0, 4))) * 12 + 11 - Number(iso.slice(5, 7)) - (Number(iso.slice(8, 10)) > 23 ? 1 : 0);
        const [n, unit] = months >= 12 ? [Math.floor(months / 12), "year"] : [Math.max(months, 1), "month"];
        return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
      };
      const ROLE_TEXT = { issue: "Prescription issued", authorisation: "Prescribing plan", statement: "Medicine summary" };
      const COURSE_TEXT = { acute: "Acute (a one-off course)", repeat: "Repeat" };
      const medicinesOf = (list) => {
        const groups = new Map();
        for (const e of list.filter((x) => x.kind === "medication")) {
          if (!groups.has(e.title)) groups.set(e.title, []);
          groups.get(e.title).push(e);
        }
        const medicines = [...groups.entries()].map(([name, es]) => {
          const role = (e) => e.role || "issue";
          const issued = es.filter((e) => role(e) === "issue").map((e) => e.date).sort();
          const first = issued[0] || null;
          const last = issued.at(-1) || null;
          const current = es.some((e) => e.status === "active");
          const course = es[0].course || "repeat";
          const status = current ? "active" : es[0].status;
          return {
            key: `name:${name.toLowerCase()}`,
            name,
            course,
            courseText: COURSE_TEXT[course],
            dose: "TAKE ONE DAILY",
            firstIssued: first,
            lastIssued: last,
            lastRecorded: last,
            status,
            current,
            currentText: current ? "Current" : "Not current",
            reason: current ? "An active repeat prescription." : "Last issued more than 28 days ago.",
            caution: null,
            sensitivity: "general",
            ...(es.some((e) => e.addedBy) ? { addedBy: es.find((e) => e.addedBy).addedBy } : {}),
            details: [
              { label: "Acute or repeat", text: COURSE_TEXT[course] },
              { label: "Dose", text: "TAKE ONE DAILY" },
              { label: "First issued", text: first ? dayText(first) : "Not recorded" },
              { label: "Last issued", text: last ? `${dayText(last)} (${yearsAgo(last)})` : "Not recorded" },
              { label: "Status", text: current ? "Active" : status === "stopped" ? "Stopped" : "Completed" },
            ],
            issuesHeading: `Prescriptions and records (${es.length})`,
            issues: [...es]
              .sort((a, b) => b.date.localeCompare(a.date))
              .map((e) => ({
                entryId: e.id,
                role: role(e),
                roleText: ROLE_TEXT[role(e)],
                title: e.title,
                date: e.date,
                dateText: dayText(e.date),
                statusText: e.status === "active" ? "Active" : e.status === "stopped" ? "Stopped" : "Completed",
                dose: "TAKE ONE DAILY",
              })),
          };
        });
        medicines.sort((a, b) => Number(b.current) - Number(a.current) || (b.lastRecorded || "").localeCompare(a.lastRecorded || ""));
        const currentCount = medicines.filter((m) => m.current).length;
        const shown = currentCount > 0 ? medicines.filter((m) => m.current) : medicines.slice(0, 3);
        const statement =
          medicines.length === 0
            ? "No medicines have been imported. This does not mean there are none: ask your GP practice if you are not sure."
            : currentCount > 0
              ? null
              : `No current medicines. Most recent: ${shown.map((m) => `${m.name}, last issued ${dayText(m.lastIssued)} (${yearsAgo(m.lastIssued)})`).join("; ")}.`;
        const others = medicines.length - shown.length;
        return {
          summary: {
            statement,
            shown,
            currentCount,
            total: medicines.length,
            othersHeading: others > 0 ? `Other medicines in the record (${others})` : null,
            rule: "Current means an active repeat prescription, or a one-off (acute) prescription issued in the last 28 days, or a medicine the record marks as active.",
            acuteCurrentDays: 28,
          },
          medicines,
        };
      };
      const CODE = { problem: "195967001", medication: "323509004", allergy: "91936005", result: "1000651000000109" };
      const detailOf = (list, e) => ({
        entry: summaryOf(e),
        codes: [{ system: "SNOMED CT", code: CODE[e.kind] || "225362009", display: e.title }],
        value: e.valueText
          ? e.rangeCheck
            ? {
                // The backend's range check, what it rests on and its sentence (the words of the vocabulary's range bases).
                text: e.valueText, rangeText: null, flag: e.flag, abnormal: e.abnormal, rangeCheck: e.rangeCheck,
                rangeBasis: e.rangeCheck === "cannotCheck" ? undefined : "guidance",
                rangeNote: e.rangeCheck === "cannotCheck" ? undefined : (words.vocabulary.range.bases.find((b) => b.basis === "guidance") || {}).text,
                advice: e.advice || undefined,
              }
            : { text: e.valueText, rangeText: "3.5 to 5.3 mmol/L", flag: e.flag, abnormal: e.abnormal }
          : null,
        components: [],
        facts: e.kind === "medication" ? [{ label: "Dose", text: "Two puffs when needed" }] : [],
        source: e.source,
        importedAt: "2026-11-20T10:00:00Z",
        updatedAt: "2026-11-20T10:00:00Z",
        resourceType: { problem: "Condition", medication: "MedicationStatement", allergy: "AllergyIntolerance", immunisation: "Immunization", result: "Observation", encounter: "Encounter", procedure: "Procedure", document: "DocumentReference" }[e.kind] || "Basic",
        fhirVersion: "R4",
        rawJson: JSON.stringify({ resourceType: "Observation", id: e.id, status: e.status, code: { text: e.title } }, null, 2),
        versions: 1,
        sensitivitySetByUser: e.setByUser,
        related: list.filter((x) => x.kind === "result" && x.id !== e.id && e.kind === "result").slice(0, 2).map(summaryOf),
        attachments: [],
        // The curated meanings' words for a blood pressure (the backend's table, phr_core::record::meanings).
        ...(e.title === "Blood pressure"
          ? {
              code: { system: "LOINC", code: "85354-9", display: "Blood pressure panel with all children optional" },
              meaning: "How hard your blood pushes on your blood vessels: the top number over the bottom number.",
              nhsUrl: "https://www.nhs.uk/conditions/high-blood-pressure/",
            }
          : {}),
      });
      const importInto = (personId, source, files) => {
        const list = recordOf(personId);
        const fresh = list.length === 0;
        if (fresh) records[personId] = build(source);
        const added = fresh ? records[personId].length : 0;
        const report = {
          importId: `imp-${(imports[personId] || []).length + 1}`,
          source,
          files,
          added,
          updated: 0,
          unchanged: fresh ? 0 : list.length,
          unmapped: 1,
          rejected: 1,
          items: [
            { file: "margaret-evans.json", location: "entry[1112]", resourceType: "Basic", resourceId: "basic-1", outcome: "unmapped", reason: "The app has no view for Basic resources yet; it is kept as it arrived.", entryId: "other-0" },
            { file: "margaret-evans.json", location: "entry[1113]", resourceType: "Observation", resourceId: null, outcome: "rejected", reason: "It has no status, which FHIR requires.", entryId: null },
          ],
          // The outcome in plain words and the grouped details, shaped as the backend gives them.
          outcome: {
            heading: `Your record from ${source.name} is ready`,
            summary: `Your record from ${source.name} is ready: ${added.toLocaleString("en-GB")} entries.`,
            keptApart: null,
            nextStep: "1 part could not be read and was left out. Try the import again. If this keeps happening, show the details below to your GP practice or whoever gave you the file.",
          },
          groups: [
            { outcome: "unmapped", outcomeText: "Kept, shown only as it arrived", reason: "The app has no view for Basic resources yet; it is kept as it arrived.", count: 1, types: "Basic", places: ["margaret-evans.json entry[1112]"] },
            { outcome: "rejected", outcomeText: "Not imported", reason: "It has no status, which FHIR requires.", count: 1, types: "Observation", places: ["margaret-evans.json entry[1113]"] },
          ],
          finishedAt: now(),
        };
        const { items, ...run } = report;
        (imports[personId] || (imports[personId] = [])).unshift(Object.assign(run, { kind: "record", undoneAt: null, ownerOverridden: false, filled: fresh }));
        log(personId, "recordImported", `${added} resources from ${source.kind === "gp" ? "the GP" : "a file"}`);
        return report;
      };
      return {
        record_summary: ({ personId }) => {
          const NO_KNOWN_ALLERGY_TITLES = ["No known allergies", "No known allergy", "No known drug allergies"];
          const list = recordOf(personId);
          const counts = KINDS.map(([kind]) => ({ kind, count: list.filter((e) => e.kind === kind).length }));
          return {
            activeProblems: top(list, "problem", (e) => e.status === "active", 20),
            medicines: medicinesOf(list).summary,
            // Which allergy entries record none is the backend's rule; here, fixed test titles.
            allergies: top(list, "allergy", (e) => !NO_KNOWN_ALLERGY_TITLES.includes(e.title), 20),
            noKnownAllergies: top(list, "allergy", (e) => NO_KNOWN_ALLERGY_TITLES.includes(e.title), 20),
            recentResults: top(list, "result", () => true, 10),
            immunisations: top(list, "immunisation", () => true, 20),
            counts: counts.filter((c) => c.count > 0),
            total: list.length,
            lastImport: (({ filled, ...run }) => (run.importId ? run : null))(
              (imports[personId] || []).find((r) => r.kind === "record" && !r.undoneAt) || {},
            ),
          };
        },
        // --- a cared-for person's own access (the words and rules are the backend's; the
        // suites seed state.own[personId] = { password, hidden, allowed, showCount } to start
        // with it set up). Hiding a label moves its entries out of the record, as the vault does.
        ...(() => {
          const OWN_LABELS = [
            ["mentalHealth", "mental health"],
            ["sexualHealth", "sexual health"],
            ["socialCare", "social care"],
            ["heldBack", "to discuss with my GP", "entries to discuss with my GP"],
          ];
          const PERMISSIONS = [
            ["readings", "Add readings"],
            ["import", "Import from the GP or files"],
            ["share", "Make shares for them"],
            ["export", "Export their record"],
          ];
          const own = () => state.own || (state.own = {});
          const first = (personId) => {
            const p = state.people.find((x) => x.id === personId);
            if (!p) fail("PERSON_NOT_FOUND", "We could not find that person.");
            return p.name.trim().split(/\s+/)[0];
          };
          const ownOf = (personId) => {
            const o = own()[personId];
            if (!o) fail("OWN_ACCESS_NEEDED", "They have not set up their own password.");
            o.private = o.private || [];
            o.hidden = o.hidden || [];
            o.allowed = o.allowed || PERMISSIONS.map(([c]) => c);
            return o;
          };
          const asOwner = (personId) => {
            needUnlocked();
            const o = ownOf(personId);
            if (state.ownOpen !== personId) fail("OWN_ACCESS_NEEDED", `${first(personId)} needs to open their own access first.`);
            return o;
          };
          const ownStatus = (personId) => {
            needUnlocked();
            const person = state.people.find((x) => x.id === personId);
            if (!person) fail("PERSON_NOT_FOUND", "We could not find that person.");
            const name = first(personId);
            const o = own()[personId];
            const count = o && o.showCount ? (o.private || []).length : null;
            const privateLine =
              count !== null && count > 0
                ? `${name} keeps ${count === 1 ? "1 entry" : `${count} entries`} private.`
                : o && count === null && (o.hidden || []).length > 0
                  ? `${name} keeps some entries private.`
                  : null;
            return {
              canHave: person.role?.kind === "caredFor",
              hasOwnAccess: !!o,
              open: state.ownOpen === personId,
              privateCount: count,
              limitsTampered: false,
              afterSixteen:
                o && sixteenthBirthday(person)
                  ? {
                      text: `Your carer's access to your record has stopped because you are 16. You can take your record over (hand over), or let ${carerFirst()} carry on looking after it within the limits you set.`,
                      button: `Let ${carerFirst()} carry on`,
                      limitsLink: `See what ${carerFirst()} can see and do`,
                      done: `${carerFirst()} can look after your record again, within the limits you set.`,
                    }
                  : null,
              broughtBack: null,
              words: {
                heading: `${name}'s own password`,
                explain: [
                  `With their own password, ${name} can open their whole record on this computer and choose what you can see and do.`,
                  `Only ${name} can change those choices. What they keep private is locked with their password, not yours.`,
                ],
                setUp: `Set up ${name}'s own password`,
                keyboard: `Give the keyboard to ${name}.`,
                open: `${name}: open your own access`,
                forgotten: "Forgotten your password?",
                banner: `${name}'s own access is open`,
                close: `Close ${name}'s own access`,
                privateLine,
                recordLine: privateLine ? `${privateLine} These lists may not show everything: ask ${name} or their GP before you act on them.` : null,
                tampered: null,
                limitsHeading: "What your carer can see and do",
                privateHeading: "Your private entries",
                noPrivate: "You have no private entries.",
                changePassword: "Change your own password",
              },
            };
          };
          const checkOwnPassword = (password) => {
            if ([...password].length < 10) fail("PASSPHRASE_TOO_SHORT", "Your password needs at least 10 characters.", "ownPassword");
            if (weakPassphrase(password)) fail("PASSPHRASE_TOO_WEAK", "This password would be too easy to guess.", "ownPassword");
          };
          const carerFirst = () => {
            const me = state.people.find((x) => x.role?.kind === "me");
            return me ? me.name.split(/\s+/)[0] : "your carer";
          };
          const entriesWord = (n) => (n === 1 ? "1 entry" : `${n} entries`);
          return {
            own_access_status: ({ personId }) => ownStatus(personId),
            set_own_access: ({ personId, password }) => {
              needUnlocked();
              const person = state.people.find((x) => x.id === personId);
              if (!person || person.role?.kind !== "caredFor") fail("INVALID_INPUT", "Only someone you care for can have their own password for their record.");
              if (own()[personId]) fail("INVALID_INPUT", "They already have their own password.");
              checkOwnPassword(password);
              own()[personId] = { password, hidden: [], allowed: PERMISSIONS.map(([c]) => c), showCount: false, private: [] };
              log(personId, "personUpdated", "own access set up");
              return { recoveryKey: "QW3R-7TY8-UIOP-2ASD-FGH4-JKL5-ZXC", status: ownStatus(personId) };
            },
            open_own_access: ({ personId, password }) => {
              needUnlocked();
              const o = ownOf(personId);
              if (password !== o.password) fail("OWN_PASSWORD_WRONG", "That is not the right password. Check it and try again.", "ownPassword");
              state.ownOpen = personId;
              return ownStatus(personId);
            },
            open_own_access_with_recovery: ({ personId, recoveryKey, newPassword }) => {
              needUnlocked();
              const o = ownOf(personId);
              const norm = (s) => s.replace(/[\s-]/g, "").toUpperCase();
              if (norm(recoveryKey) !== "QW3R7TY8UIOP2ASDFGH4JKL5ZXC") fail("WRONG_RECOVERY_KEY", "That recovery key does not open this record.", "ownRecoveryKey");
              checkOwnPassword(newPassword);
              o.password = newPassword;
              state.ownOpen = personId;
              return ownStatus(personId);
            },
            close_own_access: () => {
              needUnlocked();
              state.ownOpen = null;
              return null;
            },
            change_own_password: ({ personId, newPassword }) => {
              const o = asOwner(personId);
              checkOwnPassword(newPassword);
              o.password = newPassword;
              return null;
            },
            continue_care_after_sixteen: ({ personId }) => {
              asOwner(personId);
              const person = state.people.find((x) => x.id === personId);
              if (!sixteenthBirthday(person)) {
                fail("INVALID_INPUT", "Your carer's access has not stopped because you are 16, so there is nothing to agree to.");
              }
              // As the vault: the basis becomes their own agreement, from today, reviewed in a year.
              const [y, m, d] = todayDate().split("-").map(Number);
              const reviewOn = `${y + 1}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
              person.role = {
                ...person.role,
                basis: "consent",
                basisLabel: "They agreed to it",
                basisDate: todayDate(),
                reviewOn,
                access: undefined,
              };
              log(personId, "personUpdated", `agreed their carer can keep looking after this record; next check ${d} ${MONTHS[m - 1]} ${y + 1}`);
              return ownStatus(personId);
            },
            own_limits: ({ personId }) => {
              const o = asOwner(personId);
              return {
                labels: OWN_LABELS.map(([s, w, phrase]) => ({ sensitivity: s, words: `Keep ${phrase ?? `${w} entries`} private from your carer`, hidden: o.hidden.includes(s) })),
                permissions: PERMISSIONS.map(([p, label]) => ({ permission: p, label, allowed: o.allowed.includes(p) })),
                permissionsHeading: "Your carer may:",
                showCount: o.showCount,
                showCountWords: "Let your carer see how many entries are private",
                hiddenEntries: (o.alone || []).length,
                hiddenEntriesWords: (o.alone || []).length ? `${entriesWord(o.alone.length)} kept private one by one.` : null,
                keptAlone: (o.alone || []).slice(),
                keepPrivateWords: `Keep this private from ${carerFirst()}`,
                showAgainWords: `Show this to ${carerFirst()} again`,
              };
            },
            check_own_limits: ({ personId, input }) => {
              const o = asOwner(personId);
              const out = [];
              for (const [s, w] of OWN_LABELS) {
                const was = o.hidden.includes(s);
                const will = input.hidden.includes(s);
                if (will && !was) out.push(`Entries labelled ${w} will move to your private part. Your carer will not see them.`);
                if (was && !will) out.push(`Entries labelled ${w} will go back into your record. Your carer will see them.`);
              }
              for (const [p, label] of PERMISSIONS) {
                const was = o.allowed.includes(p);
                const will = input.allowed.includes(p);
                if (was && !will) out.push(`Your carer will no longer be able to: ${label.toLowerCase()}.`);
                if (!was && will) out.push(`Your carer will be able to: ${label.toLowerCase()}.`);
              }
              if (o.showCount !== input.showCount) out.push(input.showCount ? "Your carer will see how many entries are private." : "Your carer will not see how many entries are private.");
              return out.length ? out : ["Nothing will change."];
            },
            set_own_limits: ({ personId, input }) => {
              const o = asOwner(personId);
              const list = recordOf(personId);
              const going = list.filter((e) => input.hidden.includes(e.sensitivity));
              const coming = o.private.filter((e) => !input.hidden.includes(e.sensitivity) && !(o.alone || []).includes(e.id));
              records[personId] = list.filter((e) => !going.includes(e)).concat(coming);
              records[personId].sort((a, b) => (b.date || "").localeCompare(a.date || "") || a.id.localeCompare(b.id));
              o.private = o.private.filter((e) => !coming.includes(e)).concat(going);
              o.hidden = input.hidden.slice();
              o.allowed = input.allowed.slice();
              o.showCount = input.showCount;
              const parts = [];
              if (going.length) parts.push(`${entriesWord(going.length)} ${going.length === 1 ? "is" : "are"} now private.`);
              if (coming.length) parts.push(`${entriesWord(coming.length)} ${coming.length === 1 ? "is" : "are"} no longer private.`);
              return { toPrivate: going.length, toRecord: coming.length, message: parts.length ? parts.join(" ") : "Saved. No entries moved." };
            },
            keep_entry_private: ({ personId, entryId }) => {
              const o = asOwner(personId);
              const list = recordOf(personId);
              const e = list.find((x) => x.id === entryId);
              if (!e) fail("ENTRY_NOT_FOUND", "There is no such entry in the record");
              records[personId] = list.filter((x) => x !== e);
              o.private = o.private.concat([e]);
              o.alone = (o.alone || []).concat([e.id]);
              return { toPrivate: 1, toRecord: 0, message: "1 entry is now private." };
            },
            show_entry_again: ({ personId, entryId }) => {
              const o = asOwner(personId);
              if (!(o.alone || []).includes(entryId)) fail("INVALID_INPUT", "This entry is private because of its label. To show it again, change what your carer can see.");
              const e = o.private.find((x) => x.id === entryId);
              o.private = o.private.filter((x) => x !== e);
              o.alone = o.alone.filter((x) => x !== entryId);
              records[personId] = recordOf(personId).concat([e]);
              records[personId].sort((a, b) => (b.date || "").localeCompare(a.date || "") || a.id.localeCompare(b.id));
              return { toPrivate: 0, toRecord: 1, message: "1 entry is no longer private." };
            },
            private_entries: ({ personId }) => {
              const o = asOwner(personId);
              return { entries: o.private.map(summaryOf), nextCursor: null, total: o.private.length };
            },
            private_entry: ({ personId, entryId }) => {
              const o = asOwner(personId);
              const e = o.private.find((x) => x.id === entryId);
              if (!e) fail("ENTRY_NOT_FOUND", "There is no such entry in their private part");
              return detailOf(o.private, e);
            },
          };
        })(),
        medicines: ({ personId }) => medicinesOf(recordOf(personId)),
        timeline: ({ personId, query }) => {
          const q = query || {};
          const matches = recordOf(personId).filter(
            (e) =>
              (!q.kinds || q.kinds.length === 0 || q.kinds.includes(e.kind)) &&
              (!q.from || (e.date || "") >= q.from) &&
              (!q.to || (e.date || "").slice(0, 10) <= q.to) &&
              (!q.sensitivity || e.sensitivity === q.sensitivity) &&
              (!q.abnormalOnly || e.abnormal) &&
              // What the person hid from their timeline is left out of it (still in exports and shares).
              !(state.entryNotes && state.entryNotes[e.id] && state.entryNotes[e.id].hidden),
          );
          const limit = Math.min(q.limit || 50, 200);
          const start = q.cursor ? Number(q.cursor.slice(2)) : 0;
          const page = matches.slice(start, start + limit);
          const next = start + limit < matches.length ? `o:${start + limit}` : null;
          const out = { entries: page.map(summaryOf), nextCursor: next, total: matches.length };
          if (q.abnormalOnly) {
            // The results the other filters hold that cannot be checked, and the backend's sentence.
            const unchecked = recordOf(personId).filter(
              (e) => e.rangeCheck === "cannotCheck" && (!q.kinds || q.kinds.length === 0 || q.kinds.includes(e.kind)) && (!q.from || (e.date || "") >= q.from) && (!q.to || (e.date || "").slice(0, 10) <= q.to),
            ).length;
            out.unchecked = unchecked;
            if (unchecked > 0) out.uncheckedText = unchecked === 1 ? "1 result has no range and cannot be checked." : `${unchecked} results have no range and cannot be checked.`;
          }
          return out;
        },
        entry: ({ personId, entryId }) => {
          const list = recordOf(personId);
          const e = list.find((x) => x.id === entryId);
          if (!e) fail("ENTRY_NOT_FOUND", "We could not find that entry.");
          return detailOf(list, e);
        },
        search_record: ({ personId, text, limit }) => {
          const list = recordOf(personId);
          const words = String(text || "").toLowerCase().split(/\s+/).filter(Boolean);
          if (words.length === 0) return [];
          const hits = list.filter((e) => words.every((w) => e.title.toLowerCase().includes(w)));
          // The snippet in pieces, as the backend gives it: each word's first match marked.
          return hits.slice(0, limit || 50).map((e) => {
            let snippet = [{ text: `${e.title}, from ${e.sourceName}`, match: false }];
            for (const w of words) {
              snippet = snippet.flatMap((p) => {
                const at = p.match ? -1 : p.text.toLowerCase().indexOf(w);
                if (at < 0) return [p];
                return [
                  { text: p.text.slice(0, at), match: false },
                  { text: p.text.slice(at, at + w.length), match: true },
                  { text: p.text.slice(at + w.length), match: false },
                ].filter((q) => q.text);
              });
            }
            return { entry: summaryOf(e), snippet };
          });
        },
        // A stand-in for Rust's help: "flu jab" is understood, and a word within two edits of
        // a title word is offered when nothing is found.
        search_help: ({ personId, text }) => {
          const q = String(text || "").toLowerCase().trim();
          const understood = /\bflu jab\b/.test(q) ? ["Also searched for influenza (flu jab)"] : [];
          const list = recordOf(personId);
          const words = q.split(/\s+/).filter(Boolean);
          const found = words.length > 0 && list.some((e) => words.every((w) => e.title.toLowerCase().includes(w)));
          if (found || understood.length > 0) return { understood, suggestions: [], heading: "" };
          const distance = (a, b) => {
            const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
            for (let j = 1; j <= b.length; j++) d[0][j] = j;
            for (let i = 1; i <= a.length; i++)
              for (let j = 1; j <= b.length; j++)
                d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            return d[a.length][b.length];
          };
          const vocabulary = new Set(list.flatMap((e) => e.title.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length > 3));
          const suggestions = words.length === 1 ? [...vocabulary].filter((v) => distance(words[0], v) <= 2).slice(0, 5) : [];
          const heading = suggestions.length > 0 ? "Did you mean:" : "Try another word, or a word you might see in a letter from your GP.";
          return { understood, suggestions, heading };
        },
        set_entry_sensitivity: ({ personId, entryId, sensitivity }) => {
          const list = recordOf(personId);
          const e = list.find((x) => x.id === entryId);
          if (!e) fail("ENTRY_NOT_FOUND", "We could not find that entry.");
          e.sensitivity = sensitivity;
          e.setByUser = true;
          log(personId, "entryLabelChanged", "An entry's label was changed");
          return detailOf(list, e);
        },
        import_history: ({ personId }) => {
          recordOf(personId);
          return (imports[personId] || []).map(({ filled, ...run }) => run);
        },
        // Undo as the backend does it, simply: a record import that filled the record empties it
        // again; a device file's readings go. Options: undoBlocked (an import id whose undo a
        // later import blocks).
        ...(() => {
          const plan = (personId, importId) => {
            recordOf(personId);
            const run = (imports[personId] || []).find((r) => r.importId === importId);
            if (!run) fail("IMPORT_NOT_FOUND", `There is no import ${importId} in this record's import history.`, "id");
            if (run.undoneAt) fail("NOTHING_TO_UNDO", "This import has been undone already.");
            if (opts.undoBlocked === importId) {
              fail("IMPORT_UNDO_BLOCKED", "A later import changed 2 entries this import brought. Undo the later import first: it is above this one in the list.");
            }
            const readings = (state.readings || []).filter((r) => r.personId === personId && r.importId === importId);
            const { filled, ...shown } = run;
            return {
              run,
              readings,
              undo: {
                import: shown,
                entriesRemoved: run.kind === "record" ? (filled ? records[personId].length : 0) : 0,
                entriesRestored: run.kind === "record" ? run.updated : 0,
                readingsRemoved: readings.length,
              },
            };
          };
          return {
            preview_undo_import: ({ personId, importId }) => plan(personId, importId).undo,
            undo_import: ({ personId, importId }) => {
              const p = plan(personId, importId);
              if (p.run.kind === "record" && p.run.filled) records[personId] = [];
              for (const r of p.readings) state.readings.splice(state.readings.indexOf(r), 1);
              p.run.undoneAt = now();
              const what = p.run.kind === "readings" ? `${p.undo.readingsRemoved} readings removed` : `${p.undo.entriesRemoved} entries removed`;
              log(personId, "importUndone", `import ${importId} undone: ${what}`);
              return Object.assign(p.undo, { import: Object.assign({}, p.undo.import, { undoneAt: p.run.undoneAt }) });
            },
          };
        })(),
        choose_fhir_files: ({ personId }) => choose("importFhir", opts.pickFiles || ["/home/sam/Downloads/margaret-evans.json"], personId),
        import_files: ({ personId, choice }) => {
          recordOf(personId);
          carerMay(personId, "import");
          const paths = chosen(choice, "importFhir", personId);
          const bad = paths.find((p) => p.includes("broken"));
          if (bad) fail("MALFORMED_FILE", `${bad} is not valid JSON: line 3, column 14: expected ',' or '}'. Nothing was imported.`);
          const other = paths.find((p) => p.includes("someone-else"));
          if (other) {
            // As the backend words it: only this person's details, never the other person's.
            const name = state.people.find((p) => p.id === personId).name;
            fail("PATIENT_MISMATCH", `${other.split("/").pop()}: This file is not ${name}'s record: the NHS number in it is not the one in ${name}'s details. Check the NHS number in ${name}'s details, and that you chose the right file. Nothing was imported.`);
          }
          // An International Patient Summary about someone the app cannot match: asked first.
          if (paths.some((p) => p.includes("ips-unmatched"))) {
            fail("IMPORT_SUBJECT_UNCONFIRMED", "This summary may be about someone else: the app cannot match who it is about to this record. Check who it is about before adding it. Nothing was imported.", "paths");
          }
          spend(choice);
          return importInto(personId, { kind: "file", name: "Files you imported", odsCode: null, url: null }, paths.map((p) => p.split("/").pop()));
        },
        import_subject_question: ({ personId, choice }) => {
          recordOf(personId);
          const paths = chosen(choice, "importFhir", personId);
          const file = paths.find((p) => p.includes("ips-unmatched"));
          if (!file) return null;
          // As the backend: only what the document says of its subject, and why.
          return {
            heading: "Check who this summary is about",
            question: "It may be about someone else. Add it only if it is about the person whose record this is.",
            documents: [{
              file: file.split("/").pop(),
              sender: "Hospital Universitario La Paz",
              names: ["María García López"],
              birthDate: null,
              identifiers: [{ label: "DNI", value: "12345678Z" }],
              reasons: ["The name in it is not the name in this record.", "It gives no date of birth."],
            }],
          };
        },
        import_files_confirmed: ({ personId, choice }) => {
          recordOf(personId);
          carerMay(personId, "import");
          const paths = chosen(choice, "importFhir", personId);
          spend(choice);
          return importInto(personId, { kind: "file", name: "Hospital Universitario La Paz", odsCode: null, url: null }, paths.map((p) => p.split("/").pop()));
        },
        gp_practices: () => [
          { name: "Demo Practice (sandbox)", url: "http://127.0.0.1:8765/fhir", sandbox: true, note: "Made-up patients, on this computer: for trying the app." },
        ],
        gp_demo_patients: () => [
          { name: "Karena Pfeffer", dateOfBirth: "1994-12-21", dateOfBirthText: "21 Dec 1994", nhsNumber: "900 000 0009", marker: "Made-up person for trying the app" },
          { name: "Louis Erdman", dateOfBirth: "1989-07-27", dateOfBirthText: "27 Jul 1989", nhsNumber: "900 000 0017", marker: "Made-up person for trying the app" },
        ],
        search_practices: ({ query }) => {
          // As the backend: name or postcode, ignoring case and spaces.
          const squash = (t) => t.replace(/\s+/g, "").toLowerCase();
          const q = squash(query);
          const all = [
            { odsCode: "Y12345", name: "Demo Practice (sandbox)", postcode: "ZZ1 1ZZ", url: "http://127.0.0.1:8765/fhir", example: true },
            { odsCode: "Y90001", name: "Example Riverside Surgery (example)", postcode: "ZZ2 4AB", url: "https://gp.example.org/riverside/fhir", example: true },
            { odsCode: "Y90002", name: "Example Hill Top Medical Centre (example)", postcode: "ZZ2 9XY", url: null, example: true },
          ];
          if (!q) return { practices: [], message: "Type your practice's name or postcode" };
          const practices = all.filter((p) => squash(p.name).includes(q) || squash(p.postcode).startsWith(q));
          return { practices, message: practices.length ? null : "No practice found with that name or postcode. Check the spelling, or try the first part of the postcode, like SW1A." };
        },
        import_from_gp: ({ personId, url, stayConnected }) => {
          recordOf(personId);
          carerMay(personId, "import");
          // As the backend: a practice it offers, or a typed https address with no password in it.
          if (url !== "http://127.0.0.1:8765/fhir" && (!/^https:\/\/[^\s@]+$/i.test(url))) {
            fail("INVALID_INPUT", `${url} is not a secure address. A GP practice's address starts with https://`, "url");
          }
          const emit = (p) => window.__mock.emit("import-progress", p);
          emit({ stage: "discovering", done: 0, total: null, message: "Finding the practice's service" });
          emit({ stage: "signingIn", done: 0, total: null, message: "Waiting for you to sign in" });
          emit({ stage: "fetching", done: 1, total: 2, message: "Downloading page 1 of 2" });
          emit({ stage: "storing", done: 2, total: 2, message: "Saving" });
          const report = importInto(personId, Object.assign({}, GP, { url }), []);
          if (stayConnected) {
            // As the backend: the connection is kept, and the outcome says so.
            gpConnections[personId] = { name: report.source.name, url, checked: null };
            report.outcome = Object.assign({}, report.outcome, {
              connection: `The app stays connected to ${report.source.name}. Choose "Check for updates" to bring your record up to date without signing in again. You can disconnect at any time.`,
            });
          }
          return report;
        },
        cancel_gp_import: () => null,
        // --- staying connected to the GP practice (the backend's words, as it writes them) ---
        gp_connection_status: ({ personId }) => {
          recordOf(personId);
          const c = gpConnections[personId];
          let mayUpdate = true;
          try {
            carerMay(personId, "import");
          } catch {
            mayUpdate = false;
          }
          if (!c) {
            return { connected: false, practiceName: null, url: null, mayUpdate,
              words: "Not connected. When you next connect to your GP practice, you can choose to stay connected, so that checking for updates needs no sign-in." };
          }
          const checked = c.checked ? ` Last checked for updates ${c.checked}.` : " Not checked for updates yet.";
          return { connected: true, practiceName: c.name, url: c.url, mayUpdate, words: `Connected to ${c.name} since 23 Nov 2026, 10:15.${checked}` };
        },
        update_from_gp: ({ personId }) => {
          recordOf(personId);
          carerMay(personId, "import");
          const c = gpConnections[personId];
          if (!c) fail("GP_NOT_CONNECTED", "This record is not connected to a GP practice. Connect to the practice and choose to stay connected first.");
          const emit = (p) => window.__mock.emit("import-progress", p);
          emit({ stage: "discovering", done: 0, total: null, message: "Finding the practice's service" });
          emit({ stage: "fetching", done: 0, total: 0, message: "Downloading page 1" });
          c.checked = "23 Nov 2026, 10:20";
          const report = importInto(personId, Object.assign({}, GP, { url: c.url }), []);
          report.outcome = Object.assign({}, report.outcome, { connection: `Checked ${c.name} for what changed since you last checked.` });
          return report;
        },
        disconnect_gp: ({ personId }) => {
          recordOf(personId);
          carerMay(personId, "import");
          const c = gpConnections[personId];
          if (!c) fail("GP_NOT_CONNECTED", "This record is not connected to a GP practice. Connect to the practice and choose to stay connected first.");
          delete gpConnections[personId];
          return { revoked: true, words: `You are disconnected from ${c.name}. The practice has stopped the app's access too.` };
        },
        choose_export_path: ({ personId }) => choose("exportFhir", ["/home/sam/Documents/my-health-record-fhir.json"], personId),
        export_fhir: ({ personId, choice }) => {
          const list = recordOf(personId);
          const [path] = chosen(choice, "exportFhir", personId);
          spend(choice);
          return { path, resources: list.length, bytes: list.length * 3700 };
        },
        choose_ips_export_path: ({ personId }) => choose("exportFhir", ["/home/sam/Documents/my-patient-summary-ips.json"], personId),
        export_ips: ({ personId, choice, leaveOut }) => {
          const list = recordOf(personId).filter((e) => !(leaveOut || []).includes(e.sensitivity));
          const [path] = chosen(choice, "exportFhir", personId);
          spend(choice);
          return { path, resources: list.length + 2, bytes: (list.length + 2) * 2900 };
        },

        // --- the person's own entries, and their notes and hides (simplified: a form needs a
        // kind and a name; each entry is stored in the record as an "Added by you" entry) ---
        ...(() => {
          const KIND_OF = { condition: "problem", medicine: "medication", allergy: "allergy", vaccination: "immunisation", procedure: "procedure", note: "document", document: "document", organDonation: "document", advanceDecision: "document", respect: "document", powerOfAttorney: "document" };
          const NOUN = { condition: "Condition", medicine: "Medicine", allergy: "Allergy", vaccination: "Vaccination", procedure: "Procedure", note: "Note", document: "Document", organDonation: "Organ donation decision", advanceDecision: "Advance decision to refuse treatment", respect: "ReSPECT form", powerOfAttorney: "Lasting power of attorney for health and welfare" };
          const DECISIONS = ["organDonation", "advanceDecision", "respect", "powerOfAttorney"];
          const TAKES_FILE = ["document", "advanceDecision", "respect", "powerOfAttorney"];
          const PAGES = { organDonation: { url: "https://www.organdonation.nhs.uk/register-your-decision/", text: "Register or change your decision on the NHS Organ Donor Register" } };
          const STATEMENT = { optIn: "Wants to donate their organs and tissue", optOut: "Does not want to donate their organs and tissue", notDecided: "Has not decided about organ donation" };
          const files = (state.keptFiles = state.keptFiles || {});
          const own = (state.ownEntries = state.ownEntries || []);
          const deleted = (state.deletedOwnEntries = state.deletedOwnEntries || []);
          const notes = (state.entryNotes = state.entryNotes || {});
          let next = 1;
          const problems = (form) => {
            const out = [];
            if (!form || !form.kind) out.push({ code: "INVALID_INPUT", message: "Choose what kind of entry this is", field: "kind" });
            const decision = form && DECISIONS.includes(form.kind);
            if (!decision && (!form || !String(form.name || "").trim())) out.push({ code: "INVALID_INPUT", message: "Enter the name", field: "name" });
            if (form && form.kind === "note" && !String(form.text || "").trim()) out.push({ code: "INVALID_INPUT", message: "Enter the note", field: "text" });
            if (decision && !form.date) out.push({ code: "INVALID_INPUT", message: "Enter the date", field: "date" });
            if (form && form.kind === "document" && !form.file && !form.keptFile) out.push({ code: "INVALID_INPUT", message: "Choose the file to attach: a PDF, or a photo as a JPEG or PNG", field: "file" });
            if (form && form.kind === "organDonation" && !form.decision) out.push({ code: "INVALID_INPUT", message: "Choose your decision", field: "decision" });
            return out;
          };
          const check = (form) => {
            const p = problems(form);
            if (p.length) fail(p[0].code, p[0].message, p[0].field);
          };
          const replacedOf = (o) => {
            if (!DECISIONS.includes(o.form.kind)) return undefined;
            const newer = own.find((x) => x !== o && x.personId === o.personId && x.form.kind === o.form.kind && (x.form.date || "") > (o.form.date || ""));
            return newer ? `A newer ${NOUN[o.form.kind].startsWith("ReSPECT") ? NOUN[o.form.kind] : NOUN[o.form.kind].toLowerCase()} is in this record: this one may no longer apply.` : undefined;
          };
          const dto = (o) => ({
            entryId: o.entryId, kind: o.form.kind, kindText: NOUN[o.form.kind], form: { ...o.form, file: undefined }, addedBy: "Added by you", version: o.version, addedAt: o.addedAt, updatedAt: o.updatedAt,
            file: files[o.entryId],
            page: PAGES[o.form.kind],
            replaced: replacedOf(o),
            statement: o.form.kind === "organDonation" ? `${STATEMENT[o.form.decision]}. ${o.form.registered ? "Registered" : "Not registered"} on the NHS Organ Donor Register.` : undefined,
          });
          // The file chosen for a document, kept as the backend keeps it (its name, type and size).
          const keep = (o, handle) => {
            if (!handle) return;
            const [path] = chosen(handle, "attachDocument", o.personId);
            spend(handle);
            const name = path.split(/[\\/]/).pop();
            const image = /\.(jpe?g|png)$/i.test(name);
            files[o.entryId] = { attachmentId: `att-${o.entryId}`, fileName: name, typeText: image ? "a photo (JPEG)" : "a PDF", sizeText: image ? "2.4 MB" : "182 KB", isImage: image };
          };
          const find = (personId, entryId) => own.find((o) => o.personId === personId && o.entryId === entryId) || fail("ENTRY_NOT_FOUND", `There is no entry ${entryId} of your own in this record`, "id");
          const STATUS_OF = { current: "active", past: "stopped" };
          const entryOf = (o) => ({ id: o.entryId, kind: KIND_OF[o.form.kind], title: o.form.name || NOUN[o.form.kind], status: STATUS_OF[o.form.status] || null, source: { kind: "selfEntered", name: "You" }, setByUser: false, date: o.form.date || o.addedAt.slice(0, 10), valueText: null, flag: null, abnormal: false, sensitivity: "general", sourceName: "You", addedBy: "Added by you" });
          const put = (o) => {
            const list = recordOf(o.personId).filter((e) => e.id !== o.entryId);
            records[o.personId] = [entryOf(o)].concat(list);
          };
          const noteOf = (entryId, message) => {
            const n = notes[entryId] || {};
            return { entryId, note: n.note || null, noteAt: n.noteAt || null, hidden: !!n.hidden, message };
          };
          return {
            check_own_entry: ({ form }) => problems(form),
            add_own_entry: ({ personId, form }) => {
              recordOf(personId);
              check(form);
              const now = new Date().toISOString();
              const o = { personId, entryId: `own-${next++}`, form: { ...form }, version: 1, addedAt: now, updatedAt: now };
              keep(o, form.file);
              own.push(o);
              put(o);
              return { entry: dto(o), message: `${NOUN[form.kind]} added.` };
            },
            own_entries: ({ personId }) => {
              recordOf(personId);
              return own.filter((o) => o.personId === personId).reverse().map(dto);
            },
            own_entry: ({ personId, entryId }) => dto(find(personId, entryId)),
            edit_own_entry: ({ personId, entryId, form }) => {
              const o = find(personId, entryId);
              check({ ...form, kind: o.form.kind, keptFile: files[entryId] });
              keep(o, form.file);
              o.form = { ...form, kind: o.form.kind };
              o.version += 1;
              o.updatedAt = new Date().toISOString();
              put(o);
              return { entry: dto(o), message: `${NOUN[o.form.kind]} changed.` };
            },
            delete_own_entry: ({ personId, entryId }) => {
              const o = find(personId, entryId);
              own.splice(own.indexOf(o), 1);
              records[personId] = recordOf(personId).filter((e) => e.id !== entryId);
              deleted.push(o);
              return { undoToken: String(deleted.length), message: `${NOUN[o.form.kind]} deleted. You can undo this.` };
            },
            restore_own_entry: ({ personId, undoToken }) => {
              const o = deleted[Number(undoToken) - 1];
              if (!o || o.personId !== personId || o.restored) fail("NOTHING_TO_UNDO", "That entry has already been put back, or was never deleted", "id");
              o.restored = true;
              own.push(o);
              put(o);
              return { entry: dto(o), message: `${NOUN[o.form.kind]} put back.` };
            },
            entry_note: ({ personId, entryId }) => {
              recordOf(personId);
              return noteOf(entryId, "");
            },
            set_entry_note: ({ personId, entryId, note }) => {
              recordOf(personId);
              const text = String(note || "").trim();
              notes[entryId] = { ...(notes[entryId] || {}), note: text || null, noteAt: text ? new Date().toISOString() : null };
              return noteOf(entryId, text ? "Your note is saved beside the entry." : "Your note is removed.");
            },
            set_entry_hidden: ({ personId, entryId, hidden }) => {
              recordOf(personId);
              notes[entryId] = { ...(notes[entryId] || {}), hidden };
              return noteOf(entryId, hidden ? "Hidden from your timeline. It is still in your record and in exports." : "Shown on your timeline again.");
            },
            hidden_entries: ({ personId }) => ({ entries: recordOf(personId).filter((e) => notes[e.id] && notes[e.id].hidden).map(summaryOf) }),
            choose_attachment_file: ({ personId }) => {
              recordOf(personId);
              return choose("attachDocument", [opts.attachmentPath || "/home/sam/Documents/eye-clinic-letter.pdf"], personId);
            },
            attachment_image: ({ personId, attachmentId }) => {
              recordOf(personId);
              const f = Object.values(files).find((x) => x.attachmentId === attachmentId) || fail("ENTRY_NOT_FOUND", "There is no such file in this record", "id");
              if (!f.isImage) fail("UNSUPPORTED_FORMAT", `${f.fileName} is not a photo the app can show: save a copy to open it`);
              // A 2 by 2 picture of skin colour, standing in for the kept photo.
              return { dataUrl: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", fileName: f.fileName };
            },
            save_attachment_copy: ({ personId, attachmentId }) => {
              carerMay(personId, "export");
              const f = Object.values(files).find((x) => x.attachmentId === attachmentId) || fail("ENTRY_NOT_FOUND", "There is no such file in this record", "id");
              (state.savedCopies || (state.savedCopies = [])).push(f.fileName);
              return choose("openSavedPdf", [`/home/sam/Documents/${f.fileName}`]);
            },
            decisions: ({ personId }) => {
              recordOf(personId);
              const mine = own.filter((o) => o.personId === personId && DECISIONS.includes(o.form.kind));
              const items = [];
              for (const kind of DECISIONS) {
                const of = mine.filter((o) => o.form.kind === kind).sort((a, b) => (b.form.date || "").localeCompare(a.form.date || ""));
                of.forEach((o, i) => {
                  const d = dto(o);
                  items.push({ entryId: o.entryId, kind, kindText: NOUN[kind], title: o.form.name || NOUN[kind], date: o.form.date || null, dateText: o.form.date ? new Date(`${o.form.date}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : null, statement: d.statement || null, file: d.file || null, latest: i === 0, replaced: d.replaced || null, page: d.page || null, addedBy: "Added by you" });
                });
              }
              return { items };
            },
          };
        })(),

        // --- reminders (simplified: a suite seeds `reminders: { p1: Reminders }`; a new one is
        // described in the backend's form, firing next the following day; ticking moves a due or
        // missed medicine to done) ---
        ...(() => {
          const all = (state.reminders = state.reminders || JSON.parse(JSON.stringify(opts.reminders || {})));
          let next = 100;
          const of = (personId) => {
            recordOf(personId);
            return (all[personId] = all[personId] || { reminders: [], due: { due: [], missed: [], done: [], count: 0 }, showDetails: false });
          };
          const kindWords = () => words.vocabulary.readingKinds;
          const timeOk = (t) => /^([01]?\d|2[0-3])[:.]?[0-5]\d$/.test((t || "").trim());
          const problems = (f) => {
            const p = [];
            const bad = (field, message) => p.push({ code: "INVALID_INPUT", message, field });
            if (!f.kind) return [{ code: "INVALID_INPUT", message: "Choose what the reminder is for", field: "kind" }];
            const times = (f.times || []).filter((t) => (t || "").trim());
            const wrong = times.find((t) => !timeOk(t));
            if (wrong) bad("times", `"${wrong.trim()}" is not a time of day. Use the 24-hour clock, such as 08:00 or 20:30.`);
            else if (f.kind === "bpWeek" && times.length !== 2) bad("times", "Enter two times: one in the morning and one in the evening, such as 08:00 and 20:00.");
            else if ((f.kind === "reading" || f.kind === "medicine") && times.length === 0) bad("times", "Enter one time of day, such as 08:00.");
            if (f.kind === "reading" && !f.readingKind) bad("readingKind", "Choose which reading");
            if (f.kind === "medicine" && !(f.name || "").trim()) bad("name", "Enter the medicine's name");
            if (f.kind === "backup" && !(f.weeks >= 1 && f.weeks <= 52)) bad("weeks", "Enter how many weeks without a backup, from 1 to 52");
            if (f.kind === "review" && !(f.daysBefore >= 0 && f.daysBefore <= 60)) bad("daysBefore", "Enter how many days before the review, from 0 to 60");
            return p;
          };
          const hm = (t) => {
            const m = /^(\d{1,2})[:.]?(\d\d)$/.exec(t.trim());
            return `${m[1].padStart(2, "0")}:${m[2]}`;
          };
          const joined = (ts) => (ts.length < 2 ? ts.join("") : `${ts.slice(0, -1).join(", ")} and ${ts[ts.length - 1]}`);
          const describe = (f, ts) => {
            switch (f.kind) {
              case "bpWeek": return `Blood pressure week readings: ${joined(ts)} while a week is under way`;
              case "reading": {
                const label = (kindWords().find((k) => k.kind === f.readingKind) || {}).label || "";
                return `${label} reading every day at ${joined(ts)}`;
              }
              case "medicine": return `Take ${f.name.trim()} every day at ${joined(ts)}`;
              case "backup": return `Make a backup when none has been made for ${f.weeks} weeks`;
              default: return `The carer's review, ${f.daysBefore} days before it is due`;
            }
          };
          // The People screen's line, as the backend words it (phr-app reminders.rs due_summary).
          const dueLine = (d, m) => {
            const n = (k) => (k === 1 ? "reminder" : "reminders");
            if (d && m) return `${d} ${n(d)} due now, ${m} missed`;
            if (d) return `${d} ${n(d)} due now`;
            if (m) return `${m} ${n(m)} missed`;
            return null;
          };
          const answer = (personId) => {
            const r = of(personId);
            r.due.count = r.reminders.length;
            r.due.summary = dueLine(r.due.due.length, r.due.missed.length);
            return JSON.parse(JSON.stringify(r));
          };
          return {
            reminders: ({ personId }) => {
              needUnlocked();
              return answer(personId);
            },
            check_reminder: ({ form }) => problems(form),
            add_reminder: ({ personId, form }) => {
              needUnlocked();
              const p = problems(form);
              if (p.length) fail(p[0].code, p[0].message, p[0].field);
              const ts = (form.times || []).filter((t) => t.trim()).map(hm);
              const description = describe(form, ts);
              const nextText = form.kind === "bpWeek" ? "Starts when you start a blood pressure week" : ts.length ? `Next: 24 Nov 2026, ${ts[0]}` : "Next: 21 Dec 2026, 09:00";
              of(personId).reminders.push({ id: String(next++), kind: form.kind, description, times: ts, nextAt: null, nextText });
              return { message: `Reminder set: ${description}`, reminders: answer(personId) };
            },
            remove_reminder: ({ personId, reminderId }) => {
              needUnlocked();
              const r = of(personId);
              const gone = r.reminders.find((x) => x.id === reminderId) || fail("REMINDER_NOT_FOUND", `There is no reminder ${reminderId}: it may have been removed`, null);
              r.reminders = r.reminders.filter((x) => x.id !== reminderId);
              return { message: `Reminder removed: ${gone.description}`, reminders: answer(personId) };
            },
            set_reminder_taken: ({ personId, reminderId, firedAt, taken }) => {
              needUnlocked();
              const d = of(personId).due;
              const from = taken ? d.due.concat(d.missed) : d.done;
              const item = from.find((x) => x.reminderId === reminderId && x.firedAt === firedAt) || fail("INVALID_INPUT", "Only a medicine reminder can be ticked as taken", null);
              d.due = d.due.filter((x) => x !== item);
              d.missed = d.missed.filter((x) => x !== item);
              d.done = d.done.filter((x) => x !== item);
              (taken ? d.done : d.missed).push({ ...item, state: taken ? "done" : "missed" });
              return answer(personId);
            },
            set_reminder_details: ({ personId, shown }) => {
              needUnlocked();
              of(personId).showDetails = shown;
              return answer(personId);
            },
          };
        })(),

        // --- what matters to the person (simplified: the form is kept as sent, with ids given to
        // new items and the backend's words from the vocabulary; a removal is put back by its token) ---
        ...(() => {
          const about = (state.aboutMe = state.aboutMe || {});
          const removed = (state.aboutMeRemoved = state.aboutMeRemoved || []);
          let next = 1;
          const vocab = () => words.vocabulary.aboutMe;
          const labelOf = (list, code) => (list.find((c) => c.code === code) || {}).label || "";
          const needText = (n) => (n.kind === "other" ? n.detail || "" : n.detail ? `${labelOf(vocab().needs, n.kind)}: ${n.detail}` : labelOf(vocab().needs, n.kind));
          const roles = (c) => [c.nextOfKin && "Next of kin", c.carer && "Carer", c.emergency && "Emergency contact"].filter(Boolean);
          const empty = () => ({ whatMatters: [], contacts: [], gpPractice: null, needs: [], updatedAt: null, updatedBy: null });
          const problems = (form) => {
            const out = [];
            const p = (part, index, field, message) => out.push({ error: { code: "INVALID_INPUT", message, field }, part, index });
            if ((form.whatMatters || []).length > vocab().whatMattersMax) p("whatMatters", null, "whatMatters", `Choose up to ${vocab().whatMattersMax} things that matter most (there are ${form.whatMatters.length})`);
            (form.whatMatters || []).forEach((w, i) => { if (!String(w.text || "").trim()) p("whatMatters", i, "whatMatters", "Enter what matters to you, or remove this one"); });
            (form.contacts || []).forEach((c, i) => {
              if (!String(c.name || "").trim()) p("contact", i, "name", "Enter the contact's name");
              if (c.emergency && !String(c.phone || "").trim()) p("contact", i, "phone", "Enter a phone number for an emergency contact");
            });
            if (form.gpPractice && !String(form.gpPractice.name || "").trim()) p("gpPractice", null, "practiceName", "Enter the name of your GP practice");
            (form.needs || []).forEach((n, i) => {
              if (n.kind === "interpreter" && !String(n.detail || "").trim()) p("communicationNeed", i, "detail", "Enter the language you need an interpreter for");
              if (n.kind === "other" && !String(n.detail || "").trim()) p("communicationNeed", i, "detail", "Enter what you need");
            });
            return out;
          };
          const withIds = (form) => ({
            whatMatters: (form.whatMatters || []).map((w) => ({ id: w.id || `am-${next++}`, text: w.text.trim() })),
            contacts: (form.contacts || []).map((c) => ({ ...c, id: c.id || `am-${next++}`, relationshipText: labelOf(vocab().relationships, c.relationship || "other"), roles: roles(c) })),
            gpPractice: form.gpPractice ? { ...form.gpPractice, id: form.gpPractice.id || `am-${next++}`, fromGpRecord: false } : null,
            needs: (form.needs || []).map((n) => ({ ...n, id: n.id || `am-${next++}`, text: needText(n) })),
            updatedAt: new Date().toISOString(),
            updatedBy: "Added by you",
          });
          return {
            about_me: ({ personId }) => {
              recordOf(personId);
              return about[personId] || empty();
            },
            check_about_me: ({ form }) => problems(form),
            set_about_me: ({ personId, form }) => {
              recordOf(personId);
              const p = problems(form);
              if (p.length) fail(p[0].error.code, p[0].error.message, p[0].error.field);
              const before = about[personId] || empty();
              const after = withIds(form);
              const ids = new Set([...after.whatMatters, ...after.contacts, ...after.needs, after.gpPractice].filter(Boolean).map((i) => i.id));
              const gone = [...before.whatMatters, ...before.contacts, ...before.needs, before.gpPractice].filter((i) => i && i.id && !ids.has(i.id));
              about[personId] = after;
              let undoToken = null;
              if (gone.length) {
                removed.push({ personId, before });
                undoToken = String(removed.length);
              }
              return { aboutMe: after, message: gone.length ? "Removed. You can undo this." : "Saved.", undoToken };
            },
            restore_about_me: ({ personId, undoToken }) => {
              const r = removed[Number(undoToken) - 1];
              if (!r || r.personId !== personId || r.used) fail("NOTHING_TO_UNDO", "That has already been put back, or was never removed", "id");
              r.used = true;
              about[personId] = r.before;
              return { aboutMe: r.before, message: "Put back.", undoToken: null };
            },
          };
        })(),
      };
    })(),

    // --- readings ---
    // Options: readings (seed: [{ personId, kind, at, value, value2?, pulse? ... }]),
    // bpWeek ("complete" seeds a finished week for p1), deviceFile (what choose_device_file returns).
    ...(() => {
      const opt = (v) => (v === undefined ? null : v);
      // The kinds, their fields, units and input hints, as the backend gives them (the vocabulary JSON).
      const KINDS = words.vocabulary ? words.vocabulary.readingKinds : [];
      const info = (k) => KINDS.find((i) => i.kind === k) || fail("UNKNOWN_READING_KIND", `There is no reading kind called ${k}.`, "kind");
      const readings = (state.readings = []);
      const targets = (state.targets = {});
      let nextReading = 1;
      const fmt = (n) => String(Math.round(n * 10) / 10);
      const outsideTarget = (r) => {
        const t = targets[r.personId + "/" + r.kind];
        if (!t) return false;
        const out = (v, lo, hi) => v !== null && ((lo !== null && v < lo) || (hi !== null && v > hi));
        return out(r.value, t.low, t.high) || out(r.value2, t.low2, t.high2);
      };
      const display = (r) => {
        const i = info(r.kind);
        if (i.isText) return r.text || "";
        if (i.hasSecondValue) return `${fmt(r.value)}/${fmt(r.value2)} ${i.unitLabel}${r.pulse !== null ? `, pulse ${fmt(r.pulse)}` : ""}`;
        if (r.enteredUnit && r.enteredUnit !== i.unit) return `${fmt(r.value)} ${i.unitLabel} (entered as ${fmt(r.enteredValue)} ${r.enteredUnit})`;
        return `${fmt(r.value)} ${i.unitLabel}`;
      };
      const dto = (r) => {
        const out = Object.assign({}, r, { outOfTarget: outsideTarget(r) });
        delete out.personId;
        delete out.deleted;
        delete out.importId;
        out.display = display(r);
        // Where it was taken, in the vocabulary's words (the mock stores only home and device readings).
        out.origin = r.source === "deviceFile" ? "fromDevice" : "atHome";
        out.originLabel = out.origin === "fromDevice" ? "from a device" : "at home";
        const advice = adviceFor(r);
        if (advice) out.advice = advice;
        return out;
      };
      // READING_NEEDS_CONFIRMATION carries the red-flag advice, for the question before saving.
      const needsConfirming = (message, field, r) => {
        const err = { code: "READING_NEEDS_CONFIRMATION", message, field };
        const advice = adviceFor(r);
        if (advice) err.advice = advice;
        throw err;
      };
      /** Checks an input the way the Rust side does (simplified), returning the stored reading. */
      const check = (personId, input, source, sourceName) => {
        const i = info(input.kind);
        if (input.at && new Date(input.at).getTime() > Date.now() + 5 * 60_000) {
          fail("READING_IMPOSSIBLE", "The time is in the future. Check the date and time.", "at");
        }
        let value = opt(input.value);
        let value2 = opt(input.value2);
        const pulse = opt(input.pulse);
        const unit = input.unit || i.unit;
        let enteredValue = value;
        const unusual = [];
        if (i.isText) {
          if (!input.text || !input.text.trim()) fail("INVALID_INPUT", "Describe the symptom.", "text");
        } else {
          if (value === null) fail("INVALID_INPUT", `Enter the ${i.label.toLowerCase()}.`, "value");
          if (!i.unitsAccepted.includes(unit)) fail("INVALID_INPUT", `${unit} is not a unit for ${i.label.toLowerCase()}.`, "unit");
          if (i.kind === "bloodGlucose" && unit === "mg/dL") value = Math.round((value / 18.0182) * 100) / 100;
          if (i.kind === "weight" && unit === "[lb_av]") value = Math.round(value * 0.45359237 * 100) / 100;
          if (i.kind === "bloodPressure") {
            if (value2 === null) fail("INVALID_INPUT", "Enter the diastolic pressure (the lower number).", "value2");
            if (value > 300 || value < 40) fail("READING_IMPOSSIBLE", `A systolic pressure of ${fmt(value)} mmHg is not possible. Check the number.`, "value");
            if (value2 > 200 || value2 < 20) fail("READING_IMPOSSIBLE", `A diastolic pressure of ${fmt(value2)} mmHg is not possible. Check the number.`, "value2");
            if (value2 >= value) fail("READING_IMPOSSIBLE", "The diastolic pressure (the lower number) must be below the systolic.", "value2");
            if (pulse !== null && (pulse < 20 || pulse > 250)) fail("READING_IMPOSSIBLE", `A pulse of ${fmt(pulse)} is not possible.`, "pulse");
            if (value >= 180) unusual.push(`Systolic ${fmt(value)} mmHg is unusually high`);
            if (value2 >= 120) unusual.push(`Diastolic ${fmt(value2)} mmHg is unusually high`);
            if (unusual.length && !input.confirm) {
              const high = value >= 180 ? value : value2;
              needsConfirming(`This is unusually high. Is ${fmt(high)} mmHg right?`, value >= 180 ? "value" : "value2", { kind: i.kind, value, value2, at: input.at });
            }
          } else if (i.kind === "bloodGlucose") {
            if (value <= 0 || value > 60) fail("READING_IMPOSSIBLE", `A glucose of ${fmt(enteredValue)} ${unit} is not possible.`, "value");
            if (value >= 25) unusual.push("Glucose is unusually high");
            if (unusual.length && !input.confirm) fail("READING_NEEDS_CONFIRMATION", `This is unusually high. Is ${fmt(enteredValue)} ${unit} right?`, "value");
          } else if (value < i.min || value > i.max) {
            fail("READING_IMPOSSIBLE", `${i.label} of ${fmt(value)} ${i.unitLabel} is not possible. Check the number.`, "value");
          }
          // A red-flag row that asks to confirm, where the checks flagged nothing.
          const advice = adviceFor({ kind: i.kind, value, value2, at: input.at });
          if (advice && advice.isRedFlag && !unusual.length) {
            unusual.push(advice.headline + ".");
            if (!input.confirm) needsConfirming(`${advice.headline}. Check the reading; if it is right, confirm to save it.`, advice.field, { kind: i.kind, value, value2, at: input.at });
          }
        }
        return {
          personId,
          kind: i.kind,
          at: input.at || now(),
          value: i.isText ? null : value,
          value2: i.hasSecondValue ? value2 : null,
          pulse: i.hasPulse ? pulse : null,
          unit: i.unit,
          enteredValue: i.isText ? null : enteredValue,
          enteredUnit: i.isText ? null : unit,
          context: opt(input.context) || null,
          arm: opt(input.arm) || null,
          position: opt(input.position) || null,
          text: opt(input.text) || null,
          note: opt(input.note) || null,
          source,
          sourceName: sourceName || null,
          unusual,
          deleted: false,
        };
      };
      const store = (r) => {
        r.id = "r" + nextReading++;
        readings.push(r);
        return r;
      };
      const find = (personId, id) => {
        const r = readings.find((x) => x.id === id && x.personId === personId);
        if (!r) fail("READING_NOT_FOUND", "That reading could not be found. It may have been deleted.");
        return r;
      };
      const bound = (text, end) => {
        if (!text) return null;
        if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(text + (end ? "T23:59:59.999" : "T00:00:00")).getTime();
        return new Date(text).getTime();
      };
      const select = (personId, k, from, to) => {
        const lo = bound(from, false);
        const hi = bound(to, true);
        return readings
          .filter((r) => r.personId === personId && !r.deleted && (!k || r.kind === k))
          .filter((r) => (lo === null || new Date(r.at).getTime() >= lo) && (hi === null || new Date(r.at).getTime() <= hi))
          .sort((a, b) => new Date(b.at) - new Date(a.at));
      };
      // As phr_core's guidance_lines names them for someone under 80.
      const NG136 = { about: "For people under 80, NICE advises a home average below 135/85 mmHg.", source: "NICE guideline NG136: hypertension in adults", url: "https://www.nice.org.uk/guidance/ng136/chapter/Recommendations" };
      const THRESHOLDS = { bloodPressure: [{ label: "Home blood pressure target (top number)", value: 135, series: 1, ...NG136 }, { label: "Home blood pressure target (bottom number)", value: 85, series: 2, ...NG136 }] };
      // GP readings read through the record (opts.gpReadings: { personId, kind, at, value, value2 }).
      const gpPoints = (personId, k, from, to) => {
        const lo = bound(from, false);
        const hi = bound(to, true);
        return (opts.gpReadings || [])
          .filter((g) => (g.personId || "p1") === personId && g.kind === k)
          .filter((g) => (lo === null || new Date(g.at).getTime() >= lo) && (hi === null || new Date(g.at).getTime() <= hi))
          .sort((a, b) => new Date(a.at) - new Date(b.at))
          .map((g, n) => ({
            at: Math.floor(new Date(g.at).getTime() / 1000), when: g.at, value: g.value, value2: g.value2,
            display: g.value2 !== undefined ? `${g.value}/${g.value2} mmHg` : String(g.value),
            originLabel: "at the GP", sourceName: "Demo Practice", entryId: `gp-${n}`,
          }));
      };
      /** The first and last local day with a reading of a kind, home or GP. */
      const edges = (personId, k) => {
        const days = [...select(personId, k, null, null).map((r) => r.at), ...gpPoints(personId, k, null, null).map((g) => g.when)]
          .map((at) => { const d = new Date(at); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`; })
          .sort();
        return days.length ? { earliest: days[0], latest: days.at(-1) } : {};
      };

      for (const seed of opts.readings || []) {
        store(Object.assign(check(seed.personId || "p1", Object.assign({ confirm: true }, seed), seed.source || "typed", seed.sourceName), {}));
      }

      // The home blood pressure week.
      const week = (state.bpWeek = { active: false, startedAt: null });
      const dayIso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
      const COMPLETE_AVERAGE = {
        enough: true, daysUsed: 6, readingsUsed: 24, firstDayDiscarded: true, systolic: 138, diastolic: 86,
        aboveThreshold: true, threshold: "135/85 mmHg",
        explanation: "The average of your readings from day 2 to day 7 is 138/86 mmHg. It is above 135/85 mmHg, so show it to your GP or nurse.",
      };
      // The week's blood pressures that are red flags, newest first, with their advice.
      const flaggedSince = (personId, start) =>
        select(personId, "bloodPressure", null, null)
          .filter((r) => new Date(r.at) >= new Date(start.getFullYear(), start.getMonth(), start.getDate()))
          .map(dto)
          .filter((r) => r.advice && r.advice.isRedFlag);
      const bpWeek = (personId) => {
        if (opts.bpWeek === "complete" && personId === "p1") {
          const start = new Date(Date.now() - 7 * 86_400_000);
          const days = [...Array(7).keys()].map((i) => ({ date: dayIso(new Date(start.getTime() + i * 86_400_000)), morning: 2, evening: 2 }));
          return { active: false, startedAt: start.toISOString(), days, nextStep: "Your week is complete.", complete: true, average: COMPLETE_AVERAGE, flagged: flaggedSince(personId, start) };
        }
        if (!week.active) return { active: false, startedAt: null, days: [], nextStep: "Start a blood pressure week when you are ready.", complete: false, average: null, flagged: [] };
        const start = new Date(week.startedAt);
        const days = [...Array(7).keys()].map((i) => {
          const d = new Date(start.getFullYear(), start.getMonth(), start.getDate() + i);
          const iso = dayIso(d);
          const todays = select(personId, "bloodPressure", null, null).filter((r) => dayIso(new Date(r.at)) === iso && new Date(r.at) >= start);
          return {
            date: iso,
            morning: todays.filter((r) => new Date(r.at).getHours() < 12).length,
            evening: todays.filter((r) => new Date(r.at).getHours() >= 12).length,
          };
        });
        const next = days.find((d) => d.morning < 2 || d.evening < 2);
        const nextStep = !next
          ? "Your week is complete."
          : next.morning < 2
            ? `Take ${2 - next.morning === 2 ? "2 readings" : "1 more reading"}, a minute apart, on the morning of ${next.date}.`
            : `Take ${2 - next.evening === 2 ? "2 readings" : "1 more reading"}, a minute apart, on the evening of ${next.date}.`;
        return { active: true, startedAt: week.startedAt, days, nextStep, complete: !next, average: null, flagged: flaggedSince(personId, start) };
      };

      const devicePreview = (personId, path, format, mapping) => {
        const generic = /generic/i.test(path) || format === "genericCsv";
        if (/broken/i.test(path)) fail("MALFORMED_FILE", `${path}: line 1 is not a CSV header we can read.`);
        if (generic && !mapping) {
          return { rows: [], preview: { format: "genericCsv", formatLabel: "A spreadsheet (CSV)", columns: ["When", "Glucose (mmol/L)", "Comment"], needsMapping: true, rowsReadable: 0, duplicates: 0, problems: [], sample: [], kinds: [] } };
        }
        const base = new Date();
        base.setHours(7, 0, 0, 0);
        const at = (h) => new Date(base.getTime() - 86_400_000 + h * 3_600_000).toISOString();
        const k = mapping ? mapping.kind : "bloodGlucose";
        const rows = [
          { kind: k, at: at(0), value: 5.4, unit: "mmol/L" },
          { kind: k, at: at(4), value: 7.9, unit: "mmol/L" },
          { kind: k, at: at(9), value: 6.1, unit: "mmol/L" },
        ];
        const problems = [{ line: 14, reason: "The glucose value 'High' is not a number." }];
        const existing = select(personId, k, null, null);
        const isDup = (row) => existing.some((r) => r.at === row.at && r.value === row.value);
        const sample = rows.map((row) => dto(Object.assign(check(personId, Object.assign({ confirm: true }, row), "deviceFile", "Dexcom CLARITY"), { id: "preview" })));
        // A file whose path says "someone-else" names another person (as Dexcom's header can):
        // the question is the backend's, naming only this person.
        const first = (state.people.find((p) => p.id === personId) || { name: "" }).name.split(" ")[0];
        const otherPerson = /someone-else/i.test(path)
          ? `This file seems to belong to someone else: the name and date of birth in it do not match ${first}'s. Import it anyway?`
          : null;
        return {
          rows,
          isDup,
          preview: {
            otherPerson,
            format: mapping ? "genericCsv" : "dexcomClarity",
            formatLabel: mapping ? "A spreadsheet (CSV)" : "Dexcom CLARITY",
            columns: ["Index", "Timestamp (YYYY-MM-DDThh:mm:ss)", "Event Type", "Glucose Value (mmol/L)"],
            needsMapping: false,
            rowsReadable: rows.length,
            duplicates: rows.filter(isDup).length,
            problems,
            sample,
            kinds: [{ kind: k, count: rows.length }],
          },
        };
      };

      return {
        reading_kinds: () => KINDS,
        reading_overview: ({ personId }) => {
          needUnlocked();
          return KINDS.map((i) => {
            const list = select(personId, i.kind);
            return { kind: i.kind, count: list.length, latest: list.length ? dto(list[0]) : null };
          });
        },
        // The same answer the command would give, with nothing stored.
        check_reading: ({ input }) => {
          try {
            check("check", input, "typed");
            return [];
          } catch (e) {
            return [e];
          }
        },
        check_target: ({ target }) => {
          const t = { low: opt(target.low), high: opt(target.high) };
          return t.low !== null && t.high !== null && t.low > t.high
            ? [{ code: "INVALID_INPUT", field: "low", message: "The lower end of the target is above the upper end." }]
            : [];
        },
        // The backend opens the page of a red-flag row's source in the system browser; here the
        // rows asked for are kept (state.openedSources) for the suites to check.
        open_advice_source: ({ rule }) => {
          if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(String(rule))) fail("INVALID_INPUT", `There is no advice called '${rule}'.`);
          (state.openedSources || (state.openedSources = [])).push(rule);
          return null;
        },
        // The backend opens the NHS page of an entry's meaning when it is one of the meanings
        // table's; here the pages asked for are kept (state.openedPages).
        open_meaning_page: ({ url }) => {
          if (!String(url).startsWith("https://www.nhs.uk/") && url !== "https://www.organdonation.nhs.uk/register-your-decision/") fail("INVALID_INPUT", "That page is not one the app can open.");
          (state.openedPages || (state.openedPages = [])).push(url);
          return null;
        },
        // Printable PDFs: the Save dialog is the backend's; here a save always "chooses"
        // a file, and the saves and opens are kept (state.pdfs) for the suites to check.
        save_summary_pdf: ({ personId }) => savedPdf("summary", personId),
        save_bp_week_pdf: ({ personId }) => savedPdf("bp-week", personId),
        save_appointment_summary_pdf: ({ personId }) => savedPdf("appointment-summary", personId),
        save_emergency_card_pdf: ({ personId }) => savedPdf("emergency-card", personId),
        save_glucose_report_pdf: ({ personId }) => savedPdf("glucose-report", personId),
        save_recovery_key_pdf: () => savedPdf("recovery-key", null),
        open_saved_pdf: ({ choice }) => {
          (state.pdfs || (state.pdfs = [])).push({ opened: choice });
          return null;
        },
        // The glucose report with no readings to report on (the words stand in for the backend's).
        glucose_report: ({ personId, from, to }) => {
          needUnlocked();
          const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, label: `${hour}:00`, count: 0 }));
          return {
            title: "Glucose report",
            intro: "This report shows how your glucose levels have been.",
            from: from ?? "2026-11-10",
            to: to ?? "2026-11-23",
            periodText: "10 Nov 2026 to 23 Nov 2026 (14 days)",
            days: 14,
            count: select(personId, "bloodGlucose").length,
            reliable: false,
            warning: "There are not enough glucose readings in this period for a report.",
            bandsHeading: "Time in each range",
            bandsMeaning: "How much of the time your glucose was low, in range or high.",
            bands: [],
            figures: [],
            profileHeading: "Your glucose through the day",
            profileMeaning: "For each hour of the day, the line shows the middle reading.",
            profile: hours,
            rangeLow: 3.9,
            rangeHigh: 10,
            detailsSummary: "Where these figures and targets come from",
            consensus: [],
            sourceUrl: "https://diabetesjournals.org/care/article/42/8/1593/36184",
          };
        },
        add_reading: ({ personId, input }) => {
          needUnlocked();
          carerMay(personId, "readings");
          const r = store(check(personId, input, "typed"));
          log(personId, "readingAdded", "1 reading typed");
          return dto(r);
        },
        update_reading: ({ personId, readingId, input }) => {
          needUnlocked();
          const old = find(personId, readingId);
          const next = check(personId, input, old.source, old.sourceName);
          Object.assign(old, next, { id: old.id });
          return dto(old);
        },
        delete_reading: ({ personId, readingId }) => {
          needUnlocked();
          find(personId, readingId).deleted = true;
          return null;
        },
        restore_reading: ({ personId, readingId }) => {
          needUnlocked();
          const r = find(personId, readingId);
          if (!r.deleted) fail("NOTHING_TO_UNDO", "That reading was not deleted.");
          r.deleted = false;
          return dto(r);
        },
        list_readings: ({ personId, query }) => {
          needUnlocked();
          const q = query || {};
          const all = select(personId, q.kind, q.from, q.to);
          const offset = q.offset || 0;
          const limit = q.limit || 50;
          return { readings: all.slice(offset, offset + limit).map(dto), total: all.length };
        },
        reading_stats: ({ personId, kind: k, from, to }) => {
          needUnlocked();
          const i = info(k);
          const list = select(personId, k, from, to);
          const stat = (key) => {
            const vs = list.map((r) => r[key]).filter((v) => typeof v === "number");
            if (!vs.length) return [null, null, null];
            return [vs.reduce((a, b) => a + b, 0) / vs.length, Math.min(...vs), Math.max(...vs)];
          };
          const [mean, min, max] = stat("value");
          const [mean2, min2, max2] = i.hasSecondValue ? stat("value2") : [null, null, null];
          return { kind: k, unit: i.unit, count: list.length, mean, min, max, mean2, min2, max2, homeBp: null };
        },
        chart_series: ({ personId, kind: k, from, to, maxPoints }) => {
          needUnlocked();
          const i = info(k);
          let list = select(personId, k, from, to).reverse();
          const rawCount = list.length;
          const reduced = rawCount > maxPoints;
          if (reduced) {
            const step = rawCount / maxPoints;
            list = [...Array(maxPoints).keys()].map((n) => list[Math.floor(n * step)]);
          }
          const t = targets[personId + "/" + k] || null;
          return {
            kind: k, unit: i.unit, from, to,
            times: list.map((r) => Math.floor(new Date(r.at).getTime() / 1000)),
            values: list.map((r) => r.value),
            values2: i.hasSecondValue ? list.map((r) => r.value2) : [],
            rawCount, reduced, target: t, thresholds: THRESHOLDS[k] || [],
            // The flags a real backend works out; here from the points the suites seed.
            outside: list.map((r) => outsideTarget(Object.assign({}, r, { value2: null }))),
            outside2: i.hasSecondValue ? list.map((r) => outsideTarget(Object.assign({}, r, { value: null }))) : [],
            // Each point's red-flag urgency, and each row met once, most urgent first.
            urgency: list.map((r) => (adviceFor(r) || { urgency: null }).urgency),
            advice: list
              .map((r) => adviceFor({ kind: r.kind, value: r.value, value2: r.value2 }))
              .filter((a, n, all) => a && all.findIndex((b) => b && b.rule === a.rule) === n)
              .sort((a, b) => ["none", "soon", "urgent", "emergency"].indexOf(b.urgency) - ["none", "soon", "urgent", "emergency"].indexOf(a.urgency)),
            gp: gpPoints(personId, k, from, to),
            ...edges(personId, k),
          };
        },
        targets: ({ personId }) => {
          needUnlocked();
          return Object.entries(targets).filter(([key]) => key.startsWith(personId + "/")).map(([, t]) => t);
        },
        set_target: ({ personId, target }) => {
          needUnlocked();
          info(target.kind);
          const t = { kind: target.kind, low: opt(target.low), high: opt(target.high), low2: opt(target.low2), high2: opt(target.high2) };
          if (t.low !== null && t.high !== null && t.low >= t.high) fail("INVALID_INPUT", "The lowest must be below the highest.", "high");
          targets[personId + "/" + t.kind] = t;
          log(personId, "targetsChanged", "Target changed");
          return Object.entries(targets).filter(([key]) => key.startsWith(personId + "/")).map(([, x]) => x);
        },
        choose_device_file: ({ personId }) => choose("deviceFile", [opts.deviceFile || "/home/sam/Downloads/clarity-export.csv"], personId),
        // The preview keeps the choice for the import; the import spends it.
        preview_device_file: ({ personId, choice, format, mapping }) => {
          needUnlocked();
          const [path] = chosen(choice, "deviceFile", personId);
          return devicePreview(personId, path, format, mapping).preview;
        },
        import_device_file: ({ personId, choice, format, mapping, confirmOwner }) => {
          needUnlocked();
          const [path] = chosen(choice, "deviceFile", personId);
          const p = devicePreview(personId, path, format, mapping);
          if (p.preview.needsMapping) fail("INVALID_INPUT", "Say which columns hold the time and the value first.");
          if (p.preview.otherPerson && !confirmOwner) fail("DEVICE_FILE_OTHER_PERSON", p.preview.otherPerson);
          spend(choice);
          const history = (state.imports[personId] || (state.imports[personId] = []));
          const importId = `imp-${history.length + 1}`;
          let added = 0;
          let duplicates = 0;
          for (const row of p.rows) {
            if (p.isDup(row)) duplicates++;
            else {
              store(check(personId, Object.assign({ confirm: true }, row), "deviceFile", p.preview.formatLabel)).importId = importId;
              added++;
            }
          }
          history.unshift({
            importId,
            kind: "readings",
            source: { kind: "file", name: p.preview.formatLabel, odsCode: null, url: null },
            files: [path.split(/[\\/]/).pop()],
            finishedAt: now(),
            added,
            updated: 0,
            unchanged: duplicates,
            unmapped: 0,
            rejected: p.preview.problems.length,
            undoneAt: null,
            ownerOverridden: !!p.preview.otherPerson,
          });
          const overridden = p.preview.otherPerson ? "; the file's owner did not match this person; imported after the person confirmed it was theirs" : "";
          log(personId, "readingsImported", `${added} readings from a device file${overridden}`);
          return { added, duplicates, problems: p.preview.problems, importId };
        },
        bp_week: ({ personId }) => {
          needUnlocked();
          return bpWeek(personId);
        },
        start_bp_week: ({ personId }) => {
          needUnlocked();
          week.active = true;
          week.startedAt = now();
          if (opts.bpWeek === "complete") opts.bpWeek = null;
          return bpWeek(personId);
        },
        choose_readings_export_path: ({ personId }) => choose("exportReadings", ["/home/sam/Documents/readings-fhir.json"], personId),
        export_readings: ({ personId, choice }) => {
          needUnlocked();
          const [path] = chosen(choice, "exportReadings", personId);
          spend(choice);
          return { path, resources: select(personId, null, null, null).length, bytes: 2048 };
        },
      };
    })(),

    // --- sharing ---
    // The slice is cut from the mock record and readings above. Options: sharePath (what the
    // save dialog returns), shareFile (what the package chooser returns), identityFile.
    // Opening needs no vault: the demo package at any path opens with DEMO_CODE; a path with
    // "tampered", "expired" or "notes" is refused as such; an identity opens only "for-my-key".
    ...(() => {
      const DEMO_CODE = "K7QM-2XD9-4HRT-8WPA";
      const FINGERPRINT = "3F2A 91C0 7B4E D2A8 55C1 0E9F A4B7 6D3C";
      const ALL_KINDS = ["problem", "medication", "allergy", "result", "immunisation", "report", "procedure", "encounter", "referral", "document", "carePlan", "goal", "other"];
      const LABELS = ["mentalHealth", "sexualHealth", "socialCare", "heldBack"];
      const READING_KINDS = ["bloodPressure", "heartRate", "weight", "height", "bloodGlucose", "oxygenSaturation", "temperature", "peakFlow", "steps", "sleep", "pain", "mood", "symptom"];
      const shares = (state.shares = {});
      let draftSeq = 0;
      const markOf = (personId) => (state.audit[personId] || []).length;
      let opened = null;
      // The backend's answers to check_share_request for what the suites type: fixed test data
      // (keys and dates known to be bad), not the backend's rules.
      const BAD_KEYS = ["not-a-key"];
      const BAD_DATES = ["", "2027-02-30"];
      const shareProblems = (request) => {
        const r = request.recipient || {};
        const slice = request.slice;
        const problems = [];
        const invalid = (field, message) => problems.push({ code: "INVALID_INPUT", field, message });
        if (!String(r.name || "").trim()) invalid("recipientName", "Enter the name of the person you are sharing with.");
        if (r.publicKey && BAD_KEYS.includes(r.publicKey)) {
          problems.push({ code: "SHARE_RECIPIENT_KEY_INVALID", field: "recipientKey", message: "A public key starts with age1." });
        }
        if (!String(request.purpose || "").trim()) invalid("purpose", "Say why you are sharing, for example 'Physiotherapy for my knee'.");
        if (slice.categories.length === 0 && slice.readings.length === 0 && !slice.whatMatters) {
          problems.push({ code: "SHARE_NOTHING_SELECTED", field: "slice", message: "Choose at least one kind of information or reading to share." });
        }
        if (BAD_DATES.includes(request.expiresOn)) invalid("expiresOn", "Enter a real date, for example 23 12 2026.");
        return problems;
      };
      // The check passes a key the preview then refuses, as a key that only the backend's age
      // parser can judge would be.
      const REFUSED_ON_PREVIEW = ["age1" + "Q".repeat(58)];
      const cut = (personId, request) => {
        needUnlocked();
        const r = request.recipient || {};
        const [first] = shareProblems(request);
        if (first) fail(first.code, first.message, first.field);
        if (r.publicKey && REFUSED_ON_PREVIEW.includes(r.publicKey)) fail("SHARE_RECIPIENT_KEY_INVALID", "That is not an age public key.", "recipientKey");
        const slice = request.slice;
        const entries = slice.categories.length
          ? commands.timeline({ personId, query: { kinds: slice.categories, from: slice.from, to: slice.to, limit: 200 } }).entries
          : [];
        const withheld = {};
        const kept = [];
        for (const e of entries) {
          if (e.sensitivity !== "general" && !slice.includeSensitive.includes(e.sensitivity)) {
            withheld[e.sensitivity] = (withheld[e.sensitivity] || 0) + 1;
          } else if (!slice.excludeEntries.includes(e.id)) {
            kept.push(e);
          }
        }
        const sections = slice.categories
          .map((kind) => ({
            kind,
            rows: kept.filter((e) => e.kind === kind).map((e) => ({
              resourceId: "urn:uuid:" + e.id, title: e.title, date: e.date, status: e.status, valueText: e.valueText, flag: e.flag, entryId: e.id,
              // The red-flag row a result met, as the shared record names it (no note of its date).
              ...(e.advice ? { advice: Object.assign({}, e.advice, { stale: null }) } : {}),
            })),
          }))
          .filter((s) => s.rows.length > 0);
        const readings = slice.readings
          .map((kind) => ({
            kind,
            rows: commands.list_readings({ personId, query: { kind, from: slice.readingsFrom, to: slice.readingsTo, limit: 1000 } }).readings.map((x) => Object.assign({ at: x.at, valueText: x.display }, x.advice ? { advice: Object.assign({}, x.advice, { stale: null }) } : {})),
          }))
          .filter((g) => g.rows.length > 0);
        // "What matters to me" only with its tick, in stand-in words (the backend's are
        // phr_core::share::what_matters_words): what the person saved here, or a fixed example.
        const saved = (state.aboutMe || {})[personId];
        const whatMatters = !slice.whatMatters
          ? null
          : (saved
              ? [
                  ...saved.whatMatters.map((w) => ({ id: w.id, what: "Matters most to me", words: w.text })),
                  ...saved.contacts.map((c) => ({ id: c.id, what: "Contact", words: c.name })),
                  ...(saved.gpPractice ? [{ id: saved.gpPractice.id, what: "GP practice", words: saved.gpPractice.name }] : []),
                ]
              : [
                  { id: "wm1", what: "Matters most to me", words: "Being at home with my cat" },
                  { id: "wm2", what: "Next of kin, Emergency contact", words: "Sarah Evans. Son or daughter. Phone 07700 900123" },
                  { id: "wm3", what: "Organ donation decision", words: "Wants to donate their organs and tissue. Registered on the NHS Organ Donor Register" },
                ]
            )
              .filter((w) => !slice.excludeEntries.includes(w.id))
              .map((w) => ({ resourceId: "urn:uuid:" + w.id, entryId: w.id, what: w.what, words: w.words }));
        const person = state.people.find((p) => p.id === personId);
        return {
          document: { patient: { name: person.name, birthDate: person.dateOfBirth, nhsNumber: person.nhsNumber }, sections, readings, consent: null, whatMatters },
          leftOut: {
            categories: ALL_KINDS.filter((k) => !slice.categories.includes(k)),
            labels: LABELS.filter((l) => !slice.includeSensitive.includes(l)),
            readings: READING_KINDS.filter((k) => !slice.readings.includes(k)),
          },
          withheldByLabel: Object.entries(withheld).map(([label, count]) => ({ label, count })),
          entries: kept.length + (whatMatters ? whatMatters.length : 0),
          readings: readings.reduce((n, g) => n + g.rows.length, 0),
          sealedTo: r.publicKey ? "key" : "code",
          notAfter: request.expiresOn + "T23:59:59Z",
          // Stand-in words (the backend's are phr_core::share::IPS_IN_PREVIEW).
          ips: slice.ips ? "The package will also hold an International Patient Summary of exactly what is shown here, for their computer system." : null,
        };
      };
      // Stand-in words for who made a share, as phr_core::share::made_by_line says them.
      const madeByOf = (personId) => {
        const person = state.people.find((p) => p.id === personId);
        const me = state.people.find((p) => p.role?.kind === "me");
        if (person?.role?.kind !== "caredFor") return `Made by ${person?.name}`;
        return me ? `Made by ${me.name.split(" ")[0]} (carer) for ${person.name}` : `Made by their carer for ${person.name}`;
      };
      const statusOf = (s) => (s.revokedAt ? "revoked" : new Date(s.notAfter) < new Date() ? "expired" : "active");
      const info = (s) => Object.assign({}, s, { status: statusOf(s) });
      const demoPackage = () => ({
        shareId: "5b1c7a52-2f7e-4d0e-9a55-0c1f3f6f2d11",
        subject: { name: "Margaret Evans", birthDate: "1948-07-05", nhsNumber: "9434765919" },
        // Stand-in words: the app says who made a package (phr_core::share::made_by_line).
        madeBy: "Made by Sarah (carer) for Margaret Evans",
        fingerprint: FINGERPRINT,
        created: "2026-11-23T10:00:00Z",
        notAfter: "2026-12-23T23:59:59Z",
        recipient: { name: "Jane Smith", role: "Physiotherapist", organisation: "Riverside Clinic", odsCode: null, publicKey: null },
        purpose: "Physiotherapy for my knee",
        included: ["medication", "allergy"],
        leftOut: { categories: ALL_KINDS.filter((k) => k !== "medication" && k !== "allergy"), labels: LABELS, readings: READING_KINDS.filter((k) => k !== "bloodPressure") },
        document: {
          patient: { name: "Margaret Evans", birthDate: "1948-07-05", nhsNumber: "9434765919" },
          sections: [
            { kind: "medication", rows: [
              { resourceId: "urn:uuid:m1", title: "Ramipril 5mg capsules", date: "2026-10-01", status: "active", valueText: null, flag: null, entryId: null },
              { resourceId: "urn:uuid:m2", title: "Salbutamol 100 micrograms inhaler", date: "2026-09-12", status: "active", valueText: null, flag: null, entryId: null },
            ] },
            { kind: "allergy", rows: [{ resourceId: "urn:uuid:a1", title: "Penicillin", date: null, status: "active", valueText: null, flag: null, entryId: null }] },
          ],
          readings: [{ kind: "bloodPressure", rows: [{ at: "2026-11-20T08:00:00Z", valueText: "132/84 mmHg, pulse 68" }] }],
          consent: null,
          whatMatters: null,
        },
        files: [
          { name: "manifest.json", mediaType: "application/json", bytes: 2210, sha256: "9f2c".repeat(16) },
          { name: "manifest.sig", mediaType: "application/octet-stream", bytes: 64, sha256: "1a2b".repeat(16) },
          { name: "record.json", mediaType: "application/fhir+json", bytes: 18422, sha256: "77e0".repeat(16) },
          { name: "summary.html", mediaType: "text/html", bytes: 6120, sha256: "c4d5".repeat(16) },
        ],
        ips: null,
      });
      return {
        // A preview is kept as a draft with a mark of the record (its audit log's length, as
        // every change is audited); create seals that draft, or refuses it once the record moved.
        share_preview: ({ personId, request }) => {
          const preview = cut(personId, request);
          draftSeq += 1;
          const draftId = `draft-${draftSeq}`;
          state.shareDraft = { draftId, personId, request, preview, mark: markOf(personId) };
          return Object.assign({ draftId }, preview);
        },
        check_share_request: ({ request }) => shareProblems(request),
        choose_share_path: ({ personId }) =>
          choose("saveSharePackage", [opts.sharePath === undefined ? `/home/sam/Documents/health-record-share-${todayDate()}.phrshare` : opts.sharePath].filter(Boolean), personId),
        share_create: ({ personId, draftId, choice }) => {
          needUnlocked();
          const [path] = chosen(choice, "saveSharePackage", personId);
          spend(choice);
          const draft = state.shareDraft;
          state.shareDraft = null;
          if (!draft || draft.draftId !== draftId || draft.personId !== personId || draft.mark !== markOf(personId)) {
            fail("SHARE_PREVIEW_STALE", "The record changed after this preview was made.", "slice");
          }
          const { request, preview: p } = draft;
          const share = {
            shareId: `share-${Object.values(shares).flat().length + 1}`,
            recipient: request.recipient,
            purpose: request.purpose,
            slice: request.slice,
            created: now(),
            notAfter: p.notAfter,
            revokedAt: null,
            sealedTo: p.sealedTo,
            entries: p.entries,
            readings: p.readings,
            madeBy: madeByOf(personId),
          };
          (shares[personId] || (shares[personId] = [])).unshift(share);
          log(personId, "shareCreated", `Shared with ${request.recipient.role || "someone"} until ${request.expiresOn}`);
          return { share: info(share), accessCode: p.sealedTo === "key" ? null : DEMO_CODE, fingerprint: FINGERPRINT, path, bytes: 31_744 };
        },
        share_list: ({ personId }) => {
          needUnlocked();
          return (shares[personId] || []).map(info);
        },
        share_revoke: ({ personId, shareId }) => {
          needUnlocked();
          const s = (shares[personId] || []).find((x) => x.shareId === shareId);
          if (!s) fail("SHARE_NOT_FOUND", "There is no such share.");
          if (!s.revokedAt) {
            s.revokedAt = now();
            log(personId, "shareRevoked", "A share was revoked");
          }
          return info(s);
        },
        signing_key: () => {
          needUnlocked();
          return { fingerprint: FINGERPRINT, publicKey: "M2Y0YmU5ZWQ4NjJkNDQ1YjkxYjJmOGFkMzYwZmRlMzY=" };
        },
        choose_share_package: () =>
          choose("openSharePackage", [opts.shareFile === undefined ? "/home/sam/Downloads/health-record-share-2026-11-23.phrshare" : opts.shareFile].filter(Boolean)),
        choose_share_identity: () => choose("shareIdentity", [opts.identityFile || "/home/jane/.config/age/identity.txt"]),
        // A refusal (a mistyped code) leaves both choices for another try, as the backend does.
        share_open: ({ choice: pkg, accessCode, identity }) => {
          const [path] = chosen(pkg, "openSharePackage");
          if (identity) chosen(identity, "shareIdentity");
          if (/notes/.test(path)) fail("SHARE_NOT_A_PACKAGE", "This is not a shared record.");
          const unlock = { accessCode, identity };
          if (unlock.identity) {
            if (!/for-my-key/.test(path)) fail("SHARE_NOT_FOR_YOU", "Locked for another key.");
          } else {
            const typed = String(unlock.accessCode || "").toUpperCase().replace(/[\s-]/g, "");
            if (typed.length !== 16) fail("SHARE_ACCESS_CODE_MALFORMED", "An access code has 16 characters.", "accessCode");
            if (typed !== DEMO_CODE.replace(/-/g, "")) fail("SHARE_WRONG_CODE", "Wrong code.", "accessCode");
          }
          if (/tampered/.test(path)) fail("SHARE_TAMPERED", "The signature does not match.");
          if (/expired/.test(path)) fail("SHARE_EXPIRED", "This shared record stopped opening at the end of 23 Oct 2026.");
          spend(pkg);
          if (identity) spend(identity);
          opened = demoPackage();
          if (/with-ips/.test(path)) {
            // A phr-share/2 package: ips.json beside the others (stand-in words: the backend's
            // are phr_core::share::IPS_IN_PACKAGE).
            opened.files.push({ name: "ips.json", mediaType: "application/fhir+json", bytes: 15310, sha256: "5e6f".repeat(16) });
            opened.ips = "This package also holds an International Patient Summary (ips.json) of the same information, for your computer system. Save a copy to get the file.";
          }
          if (/red-flag/.test(path)) {
            // A package whose blood pressures include a red flag, named by its row as the backend reads it.
            const advice = Object.assign(adviceFor({ kind: "bloodPressure", value: 186, value2: 122 }), { stale: null });
            opened.document.readings[0].rows.unshift({ at: "2026-11-21T08:00:00Z", valueText: "186/122 mmHg, pulse 88", advice });
          }
          return opened;
        },
        choose_share_save_dir: () => choose("saveOpenedShare", ["/home/jane/Documents/Margaret Evans"]),
        share_save_opened: ({ choice }) => {
          const [dir] = chosen(choice, "saveOpenedShare");
          if (!opened) fail("INVALID_INPUT", "Nothing is open.");
          spend(choice);
          return opened.files.filter((f) => f.name !== "manifest.sig").map((f) => `${dir}/${f.name}`).concat(`${dir}/manifest.sig`);
        },
        share_close_opened: () => {
          opened = null;
          return null;
        },
      };
    })(),

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
    // Something changed the record behind the screen (as an import finishing would).
    touchRecord(personId) {
      log(personId, "readingAdded", "A reading was added");
    },
    cspViolations,
    commandNames: Object.keys(commands),
    emit(event, payload) {
      for (const id of listeners.get(event) || []) internals.runCallback(id, { event, id, payload });
    },
    // Files dropped onto the window, as the backend reports them: kept, and a handle sent.
    dropFiles(paths) {
      this.emit("files-dropped", choose("importFhir", paths));
    },
  };
}
