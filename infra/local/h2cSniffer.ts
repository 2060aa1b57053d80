/**
 * HTTP/1.1 and h2c (cleartext HTTP/2, what the SDK's default NodeHttp2Handler speaks) on one
 * port: Node's plaintext http2 server has no HTTP/1.1 fallback, so each new connection's first
 * bytes are sniffed for the h2c preface.
 */
import type * as http from 'node:http';
import type * as http2 from 'node:http2';
import type * as net from 'node:net';
import { Duplex } from 'node:stream';

/** Hands a new connection to `h2` when it opens with the HTTP/2 preface, else to `h1`. */
export function routeByPreface(socket: net.Socket, h1: http.Server, h2: http2.Http2Server): void {
  socket.once('data', (first) => {
    socket.pause();
    if (first.subarray(0, 3).toString('latin1') === 'PRI') {
      // The http2 session reads the native handle, which already gave us these bytes: hand it
      // a JS stream that replays them instead.
      h2.emit('connection', replay(socket, first));
    } else {
      socket.unshift(first);
      h1.emit('connection', socket);
      socket.resume();
    }
  });
}

/** A Duplex over `socket` that first yields `first` (bytes already read from it). */
function replay(socket: net.Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(err, callback) {
      socket.destroy(err ?? undefined);
      callback(err);
    },
  });
  duplex.push(first);
  socket.on('data', (chunk) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  socket.on('error', (err) => duplex.destroy(err));
  return duplex;
}
