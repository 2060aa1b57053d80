import type { AuthMode, ChatRequest, ModelsResponse } from '../protocol/wire';
import type { AnswerLimits } from './answerLimits';
import { apiKeyAuth, iamAuth, noAuth, type RequestAuth } from './auth';
import { certificateChecksOff, createDispatcher, type HttpSettings, type Timeouts } from './dispatcher';
import type { Dispatcher } from './lazyUndici';
import { fetchModels } from './models';
import { streamAnswer, type AnswerEvent, type TransportLog } from './streamAnswer';
import { TrustedCertificates } from './trustedCertificates';

/** Where and how to reach the endpoint, read fresh for each request (config/settings provides them). */
export interface EndpointOptions {
  endpoint: string;
  auth: AuthMode;
  awsProfile: string;
  awsRegion: string;
  timeouts: Timeouts;
  /** Size and time bounds for one answer. */
  answerLimits: AnswerLimits;
}

export interface EndpointClientDeps {
  settings: () => EndpointOptions;
  /** VS Code's `http.*` settings (proxy, certificates). */
  http: () => HttpSettings;
  readApiKey: () => PromiseLike<string | undefined>;
  log: TransportLog;
  userAgent: string;
  /** The certificate authorities to trust; tests pass one with stand-in sources. */
  certificates?: TrustedCertificates;
}

/**
 * The one transport every caller uses: reads the current settings for each request, and keeps
 * the connection pool and credentials between requests until the settings change.
 */
export class EndpointClient {
  private dispatcher: { key: string; value: Promise<Dispatcher> } | undefined;
  private auth: { key: string; value: RequestAuth } | undefined;
  private readonly certificates: TrustedCertificates;
  private warnedChecksOff = false;
  private catalogue: { key: string; value: ModelsResponse | undefined } | undefined;

  constructor(private readonly deps: EndpointClientDeps) {
    this.certificates = deps.certificates ?? new TrustedCertificates({ log: deps.log });
  }

  /** Streams the answer to one request (see streamAnswer for the error contract). */
  stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<AnswerEvent> {
    const settings = this.deps.settings();
    return this.withDispatcher(settings, (dispatcher) =>
      streamAnswer(
        {
          endpoint: settings.endpoint,
          auth: this.authFor(settings),
          dispatcher,
          log: this.deps.log,
          userAgent: this.deps.userAgent,
          limits: settings.answerLimits,
        },
        request,
        signal,
      ),
    );
  }

  /**
   * The deployment's model catalogue (`GET /models`), fetched on first use and kept until the
   * endpoint, auth mode, profile or region change; undefined for an endpoint without one (v1).
   * A failure is thrown (see fetchModels) and not kept: the next call asks again.
   */
  async models(signal: AbortSignal): Promise<ModelsResponse | undefined> {
    const settings = this.deps.settings();
    const key = catalogueKey(settings);
    if (this.catalogue?.key === key) return this.catalogue.value;
    const dispatcher = await this.dispatcherFor(settings);
    const value = await fetchModels(
      { endpoint: settings.endpoint, auth: this.authFor(settings), dispatcher, userAgent: this.deps.userAgent, limits: settings.answerLimits },
      signal,
    );
    // Settings changed while it was on its way: the answer is for the old ones, so it is not kept.
    if (key === catalogueKey(this.deps.settings())) this.catalogue = { key, value };
    return value;
  }

  dispose(): void {
    void this.dispatcher?.value.then((dispatcher) => dispatcher.close(), () => undefined);
    this.dispatcher = undefined;
  }

  /** Runs `answer` once the dispatcher is ready: the first request waits for the certificates to load. */
  private async *withDispatcher(settings: EndpointOptions, answer: (dispatcher: Dispatcher) => AsyncGenerator<AnswerEvent>): AsyncGenerator<AnswerEvent> {
    yield* answer(await this.dispatcherFor(settings));
  }

  private dispatcherFor(settings: EndpointOptions): Promise<Dispatcher> {
    const http = this.deps.http();
    const key = JSON.stringify([settings.timeouts, http]);
    if (this.dispatcher?.key !== key) {
      void this.dispatcher?.value.then((dispatcher) => dispatcher.close(), () => undefined);
      if (http.strictSSL === false && !this.warnedChecksOff) this.deps.log.warn(certificateChecksOff());
      this.warnedChecksOff = http.strictSSL === false;
      const ca = this.certificates.load(http.systemCertificates !== false);
      const entry = { key, value: ca.then((trusted) => createDispatcher(settings.timeouts, http, process.env, trusted)) };
      // A failure fails this request only: the next one tries again, not only once the settings change.
      void entry.value.catch(() => {
        if (this.dispatcher === entry) this.dispatcher = undefined;
      });
      this.dispatcher = entry;
    }
    return this.dispatcher.value;
  }

  private authFor(settings: EndpointOptions): RequestAuth {
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

/** What a catalogue depends on: the endpoint and whose credentials reach it. */
function catalogueKey(settings: EndpointOptions): string {
  return JSON.stringify([settings.endpoint.trim(), settings.auth, settings.awsProfile, settings.awsRegion]);
}
