#!/usr/bin/env python3
"""A minimal npm registry for tests and benchmarks: serves packuments made from the package.json
inside each tarball, and the tarballs, as registry.npmjs.org does.

Usage: npm-registry.py PACKAGES_DIR HOST PORT
PACKAGES_DIR/<name>/<name>-<version>.tgz are the packages (made with `npm pack`).
"""
import hashlib, base64, json, os, sys, tarfile, io, http.server, socketserver
root, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
def key(version):
    return [int(part) for part in version.split('.')]
class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def reply(self, status, body=b'', kind='application/json'):
        self.send_response(status)
        self.send_header('Content-Type', kind)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        path = self.path.split('?')[0].lstrip('/').replace('%2f', '/').replace('%2F', '/')
        if path == '-/ping':
            return self.reply(200, b'{}')
        if '/-/' in path:
            name, file = path.split('/-/', 1)
            full = os.path.join(root, name, file)
            if os.path.isfile(full):
                return self.reply(200, open(full, 'rb').read(), 'application/octet-stream')
            return self.reply(404)
        directory = os.path.join(root, path)
        if not os.path.isdir(directory):
            return self.reply(404, b'{"error":"not found"}')
        versions = {}
        for file in sorted(os.listdir(directory)):
            if not file.endswith('.tgz'):
                continue
            data = open(os.path.join(directory, file), 'rb').read()
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                manifest = json.load(tar.extractfile('package/package.json'))
            manifest['dist'] = {'tarball': 'http://%s:%d/%s/-/%s' % (host, port, path, file),
                                'shasum': hashlib.sha1(data).hexdigest(),
                                'integrity': 'sha512-' + base64.b64encode(hashlib.sha512(data).digest()).decode()}
            versions[manifest['version']] = manifest
        latest = sorted(versions, key=key)[-1]
        self.reply(200, json.dumps({'name': path, 'versions': versions, 'dist-tags': {'latest': latest}}).encode())
socketserver.ThreadingTCPServer.allow_reuse_address = True
with socketserver.ThreadingTCPServer((host, port), Handler) as server:
    server.serve_forever()
