// Everything Glewlwyd reads at start, written into a fresh temp dir: the sqlite database from Debian's
// init script, a copy of the login webapp, and the libconfig file.
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { cp, mkdtemp, rm, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";

/** Where Debian's `glewlwyd` package puts what the server needs. */
export const DEBIAN_PATHS = {
  binary: "/usr/bin/glewlwyd",
  initSql: "/usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz",
  webapp: "/usr/share/glewlwyd/webapp",
  /** `webapp/config.json` is a symlink to this file's directory, not to the file. */
  webappConfig: "/etc/glewlwyd/config-2.7.json/config.json",
  modules: "/usr/lib/glewlwyd",
} as const;

/** Settings of one Glewlwyd instance's config file. */
export interface ServerSettings {
  /** Port on 127.0.0.1. */
  port: number;
  /** The URL browsers use, without a trailing slash (Glewlwyd joins it with `/api/...`). */
  externalUrl: string;
  /** Value of `Access-Control-Allow-Origin` (one origin, or `*`). */
  allowOrigin: string;
}

/** Paths inside an instance's temp dir. */
export interface ServerFiles {
  dir: string;
  configFile: string;
  database: string;
  webapp: string;
  /** Delete the temp dir. */
  remove(): Promise<void>;
}

/** libconfig string literal. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** The config file, close to Debian's /etc/glewlwyd/glewlwyd.conf. `use_secure_connection` is left out on
 *  purpose: when the key is present at all, Glewlwyd 2.7.5 demands the certificate files, even for `false`. */
export function renderConfig(settings: ServerSettings, files: { database: string; webapp: string }): string {
  const mime: [string, string][] = [
    [".html", "text/html"],
    [".css", "text/css"],
    [".js", "application/javascript"],
    [".json", "application/json"],
    [".png", "image/png"],
    [".jpg", "image/jpeg"],
    [".svg", "image/svg+xml"],
    [".ico", "image/x-icon"],
    [".ttf", "font/ttf"],
    [".woff", "font/woff"],
    [".woff2", "font/woff2"],
    [".eot", "application/vnd.ms-fontobject"],
    [".map", "application/octet-stream"],
  ];
  const lines = [
    `port=${settings.port}`,
    `bind_address="127.0.0.1"`,
    `external_url=${quote(settings.externalUrl)}`,
    `login_url="login.html"`,
    `api_prefix="api"`,
    `static_files_path=${quote(`${files.webapp}/`)}`,
    `allow_origin=${quote(settings.allowOrigin)}`,
    `log_mode="console"`,
    // Debian's build prints no DEBUG messages, whatever the level.
    `log_level="INFO"`,
    // Plain http on 127.0.0.1; Debian's defaults otherwise (no SameSite attribute, X-Frame-Options: deny).
    `cookie_secure=0`,
    `cookie_same_site="empty"`,
    `session_expiration=2419200`,
    `session_key="GLEWLWYD2_SESSION_ID"`,
    `admin_session_authentication="cookie"`,
    `profile_session_authentication="cookie"`,
    `allow_multiple_user_per_session=true`,
    `login_api_enabled=true`,
    `plugin_api_run_enabled=""`,
    `add_x_frame_option_header_deny=true`,
    `admin_scope="g_admin"`,
    `profile_scope="g_profile"`,
    `user_module_path=${quote(`${DEBIAN_PATHS.modules}/user`)}`,
    `client_module_path=${quote(`${DEBIAN_PATHS.modules}/client`)}`,
    `user_auth_scheme_module_path=${quote(`${DEBIAN_PATHS.modules}/scheme`)}`,
    `plugin_module_path=${quote(`${DEBIAN_PATHS.modules}/plugin`)}`,
    `hash_algorithm="SHA512"`,
    `database = { type = "sqlite3"; path = ${quote(files.database)}; };`,
    `static_files_mime_types = (`,
    mime.map(([extension, type]) => `  { extension = ${quote(extension)}; mime_type = ${quote(type)}; }`).join(",\n"),
    `);`,
  ];
  return `${lines.join("\n")}\n`;
}

/** Load Debian's sqlite init script into a new database file (admin/password, the built-in scopes). */
async function createDatabase(path: string): Promise<void> {
  const sqlite = spawn("sqlite3", [path], { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  sqlite.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    sqlite.on("error", reject);
    sqlite.on("close", resolve);
  });
  await pipeline(createReadStream(DEBIAN_PATHS.initSql), createGunzip(), sqlite.stdin);
  const code = await exited;
  if (code !== 0) throw new Error(`sqlite3 failed to load ${DEBIAN_PATHS.initSql} (exit ${code}): ${stderr}`);
}

/** Create the temp dir with database, webapp and config file. */
export async function writeServerFiles(settings: ServerSettings): Promise<ServerFiles> {
  const dir = await mkdtemp(join(tmpdir(), "glewlwyd-"));
  const database = join(dir, "glewlwyd.sqlite3");
  const webapp = join(dir, "webapp");
  const configFile = join(dir, "glewlwyd.conf");
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await Promise.all([
      createDatabase(database),
      // `cp -rL` but without the config.json symlink, which points at a directory: the real file goes in its place.
      cp(DEBIAN_PATHS.webapp, webapp, {
        recursive: true,
        dereference: true,
        filter: (source) => source !== join(DEBIAN_PATHS.webapp, "config.json"),
      }).then(() => copyFile(DEBIAN_PATHS.webappConfig, join(webapp, "config.json"))),
    ]);
    await writeFile(configFile, renderConfig(settings, { database, webapp }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, configFile, database, webapp, remove };
}
