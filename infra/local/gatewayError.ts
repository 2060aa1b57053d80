import type * as http from 'node:http';

/** Answers with API Gateway's own error shape (`{"message"}` and `x-amzn-ErrorType`), unless the headers are already out. */
export function gatewayError(res: http.ServerResponse, status: number, message: string, errorType: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-ErrorType': errorType });
  res.end(JSON.stringify({ message }));
}
