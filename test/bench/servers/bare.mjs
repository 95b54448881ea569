/** The start-up floor: a bare node:http server answering "ok". Prints `listening <url>`. */
import { createServer } from 'node:http';

const server = createServer((_req, res) => res.end('ok\n'));
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
