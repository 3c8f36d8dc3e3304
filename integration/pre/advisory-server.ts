import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A registry that answers npm's bulk advisory endpoint (POST /-/npm/v1/security/advisories/bulk)
 * and packuments, so that the real `npm audit` finds the given advisories on a machine with no
 * route to registry.npmjs.org's audit service.
 */
export async function startAdvisoryServer(
  advisories: Record<string, { severity: string; title: string; vulnerable_versions: string; versions: string[] }>,
): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url?.endsWith('/-/npm/v1/security/advisories/bulk')) {
        const body = Object.fromEntries(
          Object.entries(advisories).map(([name, a], i) => [
            name,
            [
              {
                id: i + 1,
                url: `https://advisories.invalid/${name}`,
                title: a.title,
                severity: a.severity,
                vulnerable_versions: a.vulnerable_versions,
                cwe: [],
                cvss: { score: 9.8, vectorString: null },
              },
            ],
          ]),
        );
        res.end(JSON.stringify(body));
        return;
      }
      const name = decodeURIComponent((req.url ?? '/').slice(1));
      const advisory = advisories[name];
      if (req.method === 'GET' && advisory) {
        const versions = Object.fromEntries(advisory.versions.map((v) => [v, { name, version: v, dist: { tarball: `http://127.0.0.1/${name}-${v}.tgz` } }]));
        res.end(JSON.stringify({ name, 'dist-tags': { latest: advisory.versions.at(-1) }, versions }));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
