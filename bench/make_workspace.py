#!/usr/bin/env python3
"""A synthetic npm workspace for the workspace benchmark (bench/workspace.sh): 12 apps and 8
libraries, each with sources, depending on 40 external packages served by scripts/npm-registry.py.

Usage: make_workspace.py REPO REGISTRY_DIR REGISTRY_URL
Writes the packages' tarballs into REGISTRY_DIR (for npm-registry.py) and the workspace into REPO,
without its lockfile (bench/workspace.sh runs npm to write it).
"""
import io, json, os, random, sys, tarfile

repo, registry, url = sys.argv[1], sys.argv[2], sys.argv[3]
random.seed(7)

def tarball(name, version, dependencies):
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode='w:gz') as tar:
        for path, text in [('package/package.json', json.dumps({'name': name, 'version': version, 'main': 'index.js',
                                                                 'dependencies': dependencies})),
                           ('package/index.js', 'module.exports = %r\n' % (name + ' ' + version) + '// ' + 'x' * 4000 + '\n')]:
            body = text.encode()
            info = tarfile.TarInfo(path)
            info.size = len(body)
            info.mtime = 315532800
            tar.addfile(info, io.BytesIO(body))
    os.makedirs(os.path.join(registry, name), exist_ok=True)
    with open(os.path.join(registry, name, '%s-%s.tgz' % (name, version)), 'wb') as file:
        file.write(data.getvalue())

externals = ['ext-%02d' % index for index in range(40)]
for index, name in enumerate(externals):
    deps = {other: '^1.0.0' for other in random.sample(externals[index + 1:], min(2, len(externals) - index - 1))}
    tarball(name, '1.0.0', deps)

def write(path, text):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w') as file:
        file.write(text)

write('package.json', json.dumps({'name': 'bench', 'private': True, 'workspaces': ['apps/*', 'packages/*']}, indent=2) + '\n')
write('.npmrc', 'registry=%s\n' % url)
write('.gitignore', 'node_modules/\n')
libraries = ['lib-%02d' % index for index in range(8)]
for name in libraries:
    deps = {external: '^1.0.0' for external in random.sample(externals, 2)}
    write('packages/%s/package.json' % name, json.dumps({'name': '@bench/' + name, 'version': '1.0.0', 'main': 'index.js',
                                                         'dependencies': deps}, indent=2) + '\n')
    for file in range(30):
        write('packages/%s/src/module%02d.js' % (name, file), 'exports.value = %d\n// %s\n' % (file, 'y' * 2000))
    write('packages/%s/index.js' % name, 'module.exports = require("./src/module00")\n')
for index in range(12):
    name = 'app-%02d' % index
    deps = {'@bench/' + library: '*' for library in random.sample(libraries, 2)}
    deps.update({external: '^1.0.0' for external in random.sample(externals, 4)})
    write('apps/%s/package.json' % name, json.dumps({'name': '@bench/' + name, 'version': '1.0.0',
                                                     'scripts': {'start': 'node server.js'}, 'dependencies': deps}, indent=2) + '\n')
    write('apps/%s/server.js' % name, 'console.log("%s")\n' % name)
    for file in range(60):
        write('apps/%s/src/page%02d.js' % (name, file), 'exports.page = %d\n// %s\n' % (file, 'z' * 3000))
print('workspace in %s, %d packages in %s' % (repo, len(externals), registry))
