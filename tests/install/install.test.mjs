// The install test: the app's .deb installed as a citizen installs it, started from the system,
// a shared record opened with a "double-click" (the desktop's own file handling), and the
// package removed with the person's record left as it was.
//
// Run by `cargo xtask test install` (xtask/src/install.rs), under dbus-run-session and
// xvfb-run, as root or with `sudo -n`. It installs and purges the package `my-health-record`
// on this machine. Reads PHR_DEB (the package), PHR_VERSION, TAURI_DRIVER, PHR_E2E_ARTIFACTS.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { after, before, test } from 'node:test';

import { Session, artifactsRoot, startDriver, verbose } from '../e2e/webdriver.mjs';

const DEB = resolve(process.env.PHR_DEB ?? '');
const VERSION = process.env.PHR_VERSION ?? '';
const DRIVER = process.env.TAURI_DRIVER ?? 'tauri-driver';
const PACKAGE = 'my-health-record';
const DESKTOP_FILE = '/usr/share/applications/My Health Record.desktop';
const PASSPHRASE = 'orbit lantern meadow copper quietly fox';
const artifacts = join(artifactsRoot, 'install');

// Root, or a password-free sudo: installing a package needs one of them.
const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];

let home;
let env;

/** Runs a command; returns its output, or fails the test with everything it printed. */
function run(command, args, { root = false, extraEnv = {}, allowFail = false } = {}) {
  const [program, ...rest] = root ? [...asRoot, command, ...args] : [command, ...args];
  const r = spawnSync(program, rest, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', ...extraEnv },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const printed = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (verbose) process.stderr.write(`$ ${program} ${rest.join(' ')}\n${printed}`);
  if (!allowFail && r.status !== 0) {
    assert.fail(`${program} ${rest.join(' ')} exited ${r.status ?? r.signal}${r.error ? ` (${r.error.message})` : ''}:\n${printed}`);
  }
  return { status: r.status, out: r.stdout ?? '', printed };
}

function installed() {
  return run('dpkg-query', ['-W', '-f=${Status}', PACKAGE], { allowFail: true }).out.includes('install ok installed');
}

/** Every file under `dir`, by path relative to it, with its SHA-256. */
async function snapshot(dir) {
  const files = {};
  async function walk(d) {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
    }
  }
  await walk(dir);
  return files;
}

before(async () => {
  assert.ok(existsSync(DEB), `the package to install (PHR_DEB) exists: ${DEB}`);
  assert.ok(!installed(), `${PACKAGE} is not installed before the test (remove it first)`);
  // A home of its own: the record goes where the app puts it for a person by default.
  home = await mkdtemp(join(tmpdir(), 'phr-install-home-'));
  env = { HOME: home, XDG_DATA_HOME: join(home, '.local/share'), XDG_CONFIG_HOME: join(home, '.config') };
});

after(async () => {
  if (installed()) run('apt-get', ['purge', '-y', PACKAGE], { root: true, allowFail: true });
  if (home) await rm(home, { recursive: true, force: true });
});

test('install: the .deb installs, opens a shared record from the desktop, and leaves the record when removed', async (t) => {
  const vault = join(home, '.local/share/my-health-record/vault');
  let before;

  await t.test('apt-get installs the package, its dependencies resolved', () => {
    run('apt-get', ['install', '-y', '--no-install-recommends', DEB], { root: true });
    assert.ok(installed(), `${PACKAGE} is installed`);
    const files = run('dpkg', ['-L', PACKAGE]).out.split('\n');
    for (const f of ['/usr/bin/phr-desktop', '/usr/bin/phr', DESKTOP_FILE, '/usr/share/mime/packages/my-health-record.xml']) {
      assert.ok(files.includes(f), `the package installs ${f}`);
    }
    for (const size of ['32x32', '128x128', '256x256', '512x512']) {
      assert.ok(files.includes(`/usr/share/icons/hicolor/${size}/apps/phr-desktop.png`), `an icon at ${size}`);
    }
  });

  await t.test('the package depends on the package of every library its programs link', () => {
    // As dpkg-shlibdeps would: each library a program names (NEEDED) comes from a package the
    // .deb depends on directly, so no install can start without one.
    const depends = run('dpkg-query', ['-W', '-f=${Depends}', PACKAGE]).out
      .split(',')
      .flatMap((alternatives) => alternatives.split('|'))
      .map((d) => d.trim().split(/[\s(]/)[0]);
    for (const program of ['/usr/bin/phr-desktop', '/usr/bin/phr']) {
      const needed = run('objdump', ['-p', program]).out
        .split('\n')
        .map((l) => l.match(/^\s*NEEDED\s+(\S+)/)?.[1])
        .filter(Boolean);
      assert.ok(needed.length > 0, `${program} links libraries`);
      for (const lib of needed) {
        const owners = run('dpkg', ['-S', `*/${lib}`]).out
          .split('\n')
          .map((l) => l.split(':')[0].trim())
          .filter(Boolean);
        assert.ok(
          owners.some((o) => depends.includes(o)),
          `${program} links ${lib}, from ${owners.join(' or ')}, which the package does not depend on (Depends: ${depends.join(', ')})`,
        );
      }
    }
  });

  await t.test('phr is on the PATH and says which version and formats it is', () => {
    const out = run('phr', ['--version'], { extraEnv: env }).out;
    assert.match(out, new RegExp(`\\b${VERSION.replace(/\./g, '\\.')}\\b`), 'the app version');
    assert.match(out, /^Vault format: \d+ \(record format \d+\)$/m, 'the vault and record formats');
    assert.match(out, /^Backup format: \d+$/m, 'the backup format');
    assert.match(out, /^Shared record format: \d+$/m, 'the share format');
    assert.equal(run('sh', ['-c', 'command -v phr']).out.trim(), '/usr/bin/phr');
  });

  await t.test('"My Health Record" is in the applications, in Medical software, and opens shares and backups', () => {
    run('desktop-file-validate', [DESKTOP_FILE]);
    const entry = run('cat', [DESKTOP_FILE]).out;
    assert.match(entry, /^Name=My Health Record$/m);
    assert.match(entry, /^Categories=.*MedicalSoftware;/m);
    assert.match(entry, /^Exec=phr-desktop %f$/m);
    assert.match(entry, /^MimeType=application\/x-phrshare;application\/x-phrbackup;$/m);
    for (const type of ['application/x-phrshare', 'application/x-phrbackup']) {
      const handler = run('xdg-mime', ['query', 'default', type], { extraEnv: env }).out.trim();
      assert.equal(handler, 'My Health Record.desktop', `the app opens ${type}`);
    }
  });

  await t.test('the installed phr makes a record where the app keeps it, and a backup the desktop knows', async () => {
    run('phr', ['init'], { extraEnv: { ...env, PHR_PASSPHRASE: PASSPHRASE } });
    run('phr', ['person', 'add', '--name', 'Sam Okafor', '--dob', '1961-03-14', '--me'], {
      extraEnv: { ...env, PHR_PASSPHRASE: PASSPHRASE },
    });
    const backup = join(home, 'my-record.phrbackup');
    run('phr', ['backup', 'create', backup], { extraEnv: { ...env, PHR_PASSPHRASE: PASSPHRASE } });
    const type = run('gio', ['info', '--attributes=standard::content-type', backup], { extraEnv: env }).out;
    assert.match(type, /application\/x-phrbackup/, 'a backup is known to the desktop by its type');
    before = await snapshot(vault);
    assert.ok(Object.keys(before).length > 0, `the record is in ${vault}`);
  });

  await t.test('the installed app starts to its unlock screen, and a double-clicked share opens on "Open a shared record"', async () => {
    const share = join(home, 'from-sam.phrshare');
    // Its contents do not matter here: the file is chosen, not yet opened.
    await writeFile(share, 'age-encryption.org/v1\n');
    const type = run('gio', ['info', '--attributes=standard::content-type', share], { extraEnv: env }).out;
    assert.match(type, /application\/x-phrshare/, 'a .phrshare is known to the desktop by its type');

    const driver = await startDriver({
      driverPath: DRIVER,
      env,
      log: verbose ? (line) => process.stderr.write(`[tauri-driver] ${line}`) : () => {},
    });
    let session;
    try {
      session = await Session.start(driver.url, { application: '/usr/bin/phr-desktop' });
      try {
        await session.waitFor('unlock-passphrase', { timeout: 60_000 });
        await session.saveArtifacts(artifacts, 'unlock');
        // As a file manager does on a double-click: the desktop entry's Exec with the file,
        // whose second instance hands it to this one and exits.
        run('gio', ['open', share], { extraEnv: env });
        await session.waitFor('open-share-heading', { timeout: 30_000 });
        assert.match(await session.waitForText('package-chosen', /phrshare/), /from-sam\.phrshare/);
        await session.saveArtifacts(artifacts, 'opened-from-desktop');
      } catch (e) {
        const saved = await session.saveArtifacts(artifacts, 'failed');
        await writeFile(join(artifacts, 'tauri-driver.log'), driver.output());
        e.message = `${e.message}\n  saved: ${saved.join(', ')}`;
        throw e;
      }
    } finally {
      if (session) await session.end().catch(() => {});
      await driver.stop();
    }
  });

  await t.test('apt-get purge removes the app and leaves the record untouched', async () => {
    run('apt-get', ['purge', '-y', PACKAGE], { root: true });
    assert.ok(!installed(), `${PACKAGE} is removed`);
    assert.ok(!existsSync('/usr/bin/phr-desktop') && !existsSync('/usr/bin/phr'), 'the programs are gone');
    assert.deepEqual(await snapshot(vault), before, 'every file of the record is as it was');
  });
});
