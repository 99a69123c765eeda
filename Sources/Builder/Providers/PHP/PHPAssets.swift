/// The files the PHP start command uses, under /assets. Written for nixpacks-ci (Nixpacks ships its
/// own with the same names and template syntax: `${VAR}`, `$if(VAR) (...) else (...)`, `$!{nginx}`).
enum PHPAssets {
    static let files: [String: String] = [
        "nginx.template.conf": nginxTemplate,
        "php-fpm.conf": phpFPM,
        "scripts/prestart.mjs": prestart,
        "scripts/config/template.mjs": template,
        "scripts/util/cmd.mjs": cmd,
        "scripts/util/nix.mjs": nix,
        "scripts/util/laravel.mjs": laravel,
        "scripts/util/logger.mjs": logger,
    ]

    static let nginxTemplate = """
    worker_processes 5;
    daemon off;
    error_log /dev/stderr;

    events {
        worker_connections 1024;
    }

    http {
        include $!{nginx}/conf/mime.types;
        access_log /dev/stdout;
        server {
            listen ${PORT};
            listen [::]:${PORT};
            root ${NIXPACKS_PHP_ROOT_DIR};
            index index.php index.html;
            charset utf-8;

            $if(NIXPACKS_PHP_FALLBACK_PATH) (
                location / {
                    try_files $uri $uri/ ${NIXPACKS_PHP_FALLBACK_PATH}?$query_string;
                }
            ) else (
                location / {
                    try_files $uri $uri/ /index.php?$query_string;
                }
            )

            location ~ \\.php$ {
                fastcgi_pass 127.0.0.1:9000;
                fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;
                include $!{nginx}/conf/fastcgi_params;
                include $!{nginx}/conf/fastcgi.conf;
            }

            location ~ /\\.(?!well-known).* {
                deny all;
            }
        }
    }

    """

    static let phpFPM = """
    [www]
    listen = 127.0.0.1:9000
    user = nobody
    pm = dynamic
    pm.max_children = 50
    pm.min_spare_servers = 4
    pm.max_spare_servers = 32
    pm.start_servers = 18
    clear_env = no
    catch_workers_output = yes

    """

    static let prestart = """
    #!/usr/bin/env node
    // Renders an nginx template for the PHP app, then prepares Laravel if it is one.
    import { renderTemplateFile } from "./config/template.mjs";
    import { prepareLaravel } from "./util/laravel.mjs";
    import { info, fail } from "./util/logger.mjs";

    const [input, output] = process.argv.slice(2);
    if (!input || !output) fail("usage: prestart.mjs <template> <output>");
    await prepareLaravel();
    await renderTemplateFile(input, output);
    info(`wrote ${output} from ${input}`);

    """

    static let template = """
    // Template syntax: ${VAR} (environment), $if(VAR) (yes) else (no), $!{pkg} (Nix store path of pkg).
    import { readFile, writeFile } from "node:fs/promises";
    import { nixStorePath } from "../util/nix.mjs";

    const defaults = { PORT: "80", NIXPACKS_PHP_ROOT_DIR: "/app" };
    const variable = (name) => process.env[name] ?? defaults[name] ?? "";

    export async function renderTemplate(text) {
      text = text.replace(/\\$if\\s*\\((\\w+)\\)\\s*\\(([\\s\\S]*?)\\)\\s*else\\s*\\(([\\s\\S]*?)\\)/g,
        (_, name, yes, no) => (variable(name) ? yes : no));
      const packages = [...new Set([...text.matchAll(/\\$!\\{(\\w+)\\}/g)].map((m) => m[1]))];
      for (const name of packages) text = text.replaceAll(`$!{${name}}`, await nixStorePath(name));
      return text.replace(/\\$\\{(\\w+)\\}/g, (_, name) => variable(name));
    }

    export async function renderTemplateFile(input, output) {
      await writeFile(output, await renderTemplate(await readFile(input, "utf8")));
    }

    """

    static let cmd = """
    // Runs a command and returns its standard output.
    import { execFile } from "node:child_process";
    import { promisify } from "node:util";

    export async function run(file, args) {
      const { stdout } = await promisify(execFile)(file, args);
      return stdout.trim();
    }

    """

    static let nix = """
    // The Nix store directory of an installed package, found from its binary on PATH.
    import { realpath } from "node:fs/promises";
    import { dirname } from "node:path";
    import { run } from "./cmd.mjs";

    export async function nixStorePath(name) {
      const binary = await run("sh", ["-c", `command -v ${name}`]);
      return dirname(dirname(await realpath(binary)));
    }

    """

    static let laravel = """
    // Laravel needs writable storage and cache directories.
    import { access, chmod } from "node:fs/promises";
    import { info } from "./logger.mjs";

    export async function prepareLaravel() {
      if (process.env.IS_LARAVEL !== "yes") return;
      for (const directory of ["/app/storage", "/app/bootstrap/cache"]) {
        try {
          await access(directory);
          await chmod(directory, 0o777);
          info(`made ${directory} writable`);
        } catch {}
      }
    }

    """

    static let logger = """
    // Prefixed log lines for the start script.
    export const info = (message) => console.log(`[nixpacks-ci] ${message}`);
    export const fail = (message) => {
      console.error(`[nixpacks-ci] ${message}`);
      process.exit(1);
    };

    """
}
