import type { Dispatcher } from './undici';
import type { Settings } from '../config/settings';
import type { ChatRequest } from '../protocol';
import { apiKeyAuth, iamAuth, noAuth, type RequestAuth } from './auth';
import { streamAnswer, type AnswerEvent, type TransportLog } from './client';
import { createDispatcher, type ProxySettings } from './dispatcher';

export interface EndpointClientDeps {
  settings: () => Settings;
  proxy: () => ProxySettings;
  readApiKey: () => PromiseLike<string | undefined>;
  log: TransportLog;
  userAgent: string;
}

/**
 * The one transport every caller uses: reads the current settings for each request, and keeps
 * the connection pool and credentials between requests until the settings change.
 */
export class EndpointClient {
  private dispatcher: { key: string; value: Dispatcher } | undefined;
  private auth: { key: string; value: RequestAuth } | undefined;

  constructor(private readonly deps: EndpointClientDeps) {}

  /** Streams the answer to one request (see streamAnswer for the error contract). */
  stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<AnswerEvent> {
    const settings = this.deps.settings();
    return streamAnswer(
      {
        endpoint: settings.endpoint,
        auth: this.authFor(settings),
        dispatcher: this.dispatcherFor(settings),
        log: this.deps.log,
        userAgent: this.deps.userAgent,
      },
      request,
      signal,
    );
  }

  dispose(): void {
    void this.dispatcher?.value.close();
    this.dispatcher = undefined;
  }

  private dispatcherFor(settings: Settings): Dispatcher {
    const proxy = this.deps.proxy();
    const key = JSON.stringify([settings.timeouts, proxy]);
    if (this.dispatcher?.key !== key) {
      void this.dispatcher?.value.close();
      this.dispatcher = { key, value: createDispatcher(settings.timeouts, proxy) };
    }
    return this.dispatcher.value;
  }

  private authFor(settings: Settings): RequestAuth {
    const key = JSON.stringify([settings.auth, settings.awsProfile, settings.awsRegion]);
    if (this.auth?.key !== key) {
      const value =
        settings.auth === 'none'
          ? noAuth
          : settings.auth === 'apiKey'
            ? apiKeyAuth(this.deps.readApiKey)
            : iamAuth({ profile: settings.awsProfile, region: settings.awsRegion });
      this.auth = { key, value };
    }
    return this.auth.value;
  }
}
