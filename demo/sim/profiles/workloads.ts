// What each service spends CPU and memory on, as Go-shaped stacks (root frame first, ';'-separated) per unit of work.
// A workload's driver says how many units happen per second in a minute (requests, bank attempts, retries...), so
// profiles follow traffic and incidents: the payment retry storm makes crypto/rsa.SignPKCS1v15 and the backoff
// frames hot; DB pool saturation makes database/sql.(*DB).conn hot in order. process_cpu_seconds_total is the sum
// of the same CPU, so metrics and profiles agree.
import type { MinuteContext } from '../fleet-minutes';
import { ROUTE_INDEX, type RouteId, type ServiceName } from '../topology';

export interface Workload {
  id: string;
  service: ServiceName;
  /** Units of work per second during the minute. `jobShare` is the share of the minute the batch job runs. */
  driver: (ctx: MinuteContext, jobShare: number) => number;
  /** [stack, CPU milliseconds per unit]. */
  cpu: readonly (readonly [string, number])[];
  /** [stack, KiB allocated per unit, mean object size in bytes]. */
  alloc: readonly (readonly [string, number, number])[];
}

const HTTP = [
  'net/http.(*conn).serve',
  'net/http.serverHandler.ServeHTTP',
  'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp.(*middleware).serveHTTP',
  'net/http.(*ServeMux).ServeHTTP',
  'net/http.HandlerFunc.ServeHTTP',
].join(';');

const CLIENT = 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp.(*Transport).RoundTrip;net/http.(*Transport).roundTrip;net/http.(*persistConn).roundTrip';
const JSON_ENCODE = 'encoding/json.(*Encoder).Encode;encoding/json.(*encodeState).marshal;encoding/json.(*encodeState).reflectValue;encoding/json.structEncoder.encode';
const JSON_DECODE = 'encoding/json.(*Decoder).Decode;encoding/json.(*decodeState).unmarshal;encoding/json.(*decodeState).object';
const PQ_QUERY = 'database/sql.(*DB).QueryContext;database/sql.(*DB).query;database/sql.(*DB).queryDC;github.com/lib/pq.(*conn).query';
const PQ_EXEC = 'database/sql.(*DB).ExecContext;database/sql.(*DB).exec;database/sql.(*DB).execDC;github.com/lib/pq.(*conn).Exec';
const MALLOC = 'runtime.mallocgc';

function indexOf(route: RouteId): number {
  const r = ROUTE_INDEX.get(route);
  if (r === undefined) throw new Error(`unknown route ${route}`);
  return r;
}

function routeRate(route: RouteId): (ctx: MinuteContext) => number {
  const r = indexOf(route);
  return (ctx) => ctx.routeRates[r];
}

const GATEWAY_ROUTES = (['gateway GET /api/products', 'gateway POST /api/checkout', 'gateway GET /api/orders/{id}', 'gateway GET /api/users/me'] as const).map(indexOf);
const ORDER_ROUTES = (['order POST /orders', 'order GET /orders/{id}'] as const).map(indexOf);
const CHARGE = indexOf('payment POST /charge');

function sumRates(ctx: MinuteContext, routes: readonly number[]): number {
  let total = 0;
  for (const r of routes) total += ctx.routeRates[r];
  return total;
}

/** Per second of wall time, whatever the traffic: GC, scheduler, telemetry export, the accept loop. */
function runtimeWorkload(service: ServiceName, scale: number): Workload {
  return {
    id: `${service}:runtime`,
    service,
    driver: () => scale,
    cpu: [
      ['runtime.gcBgMarkWorker;runtime.gcDrain;runtime.scanobject;runtime.greyobject', 2.6],
      ['runtime.gcBgMarkWorker;runtime.gcDrain;runtime.markroot;runtime.scanstack;runtime.scanframeworker', 0.8],
      ['runtime.bgsweep;runtime.sweepone;runtime.(*sweepLocked).sweep', 0.5],
      ['runtime.mcall;runtime.park_m;runtime.schedule;runtime.findRunnable;runtime.netpoll;runtime.netpollblock', 1.9],
      ['runtime.mstart;runtime.mstart1;runtime.sysmon;runtime.usleep', 0.4],
      ['runtime.main;main.main;net/http.(*Server).ListenAndServe;net/http.(*Server).Serve;net.(*TCPListener).Accept;internal/poll.(*FD).Accept;syscall.accept4', 0.15],
      [
        'go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).processQueue;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).exportSpans;go.opentelemetry.io/otel/exporters/otlp/otlptrace.(*Exporter).ExportSpans;google.golang.org/protobuf/proto.MarshalOptions.marshal',
        0.9,
      ],
      ['github.com/prometheus/client_golang/prometheus.(*Registry).Gather;github.com/prometheus/client_golang/prometheus.processMetric;' + MALLOC, 0.3],
    ],
    alloc: [
      ['go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).processQueue;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).exportSpans;google.golang.org/protobuf/proto.MarshalOptions.marshal', 24, 512],
      ['github.com/prometheus/client_golang/prometheus.(*Registry).Gather;github.com/prometheus/client_golang/prometheus.processMetric', 16, 96],
    ],
  };
}

/** Reading the request and writing the response: the same for every route. */
function httpOverhead(service: ServiceName, route: RouteId): Workload {
  return {
    id: `${service}:http:${route}`,
    service,
    driver: routeRate(route),
    cpu: [
      ['net/http.(*conn).serve;net/http.(*conn).readRequest;net/http.readRequest;net/textproto.(*Reader).ReadMIMEHeader', 0.04],
      ['net/http.(*conn).serve;net/http.(*response).finishRequest;bufio.(*Writer).Flush;net.(*conn).Write;internal/poll.(*FD).Write;syscall.write', 0.06],
      [HTTP.split(';').slice(0, 3).join(';') + ';go.opentelemetry.io/otel/sdk/trace.(*recordingSpan).End;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).OnEnd', 0.03],
    ],
    alloc: [['net/http.(*conn).serve;net/http.(*conn).readRequest;net/http.readRequest;net/textproto.(*Reader).ReadMIMEHeader', 4, 64]],
  };
}

function handler(service: ServiceName, route: RouteId, cpu: Workload['cpu'], alloc: Workload['alloc']): Workload {
  return { id: `${service}:handler:${route}`, service, driver: routeRate(route), cpu, alloc };
}

const GATEWAY = 'main.(*Gateway)';
const ORDER = 'main.(*OrderService)';
const PAYMENT = 'main.(*PaymentService)';
const INVENTORY = 'main.(*InventoryService)';
const USER = 'main.(*UserService)';

function proxied(prefix: string, method: string): string {
  return `${HTTP};${prefix}.${method};${GATEWAY}.proxy;net/http.(*Client).Do;${CLIENT}`;
}

export const WORKLOADS: readonly Workload[] = [
  // ---- gateway ----
  runtimeWorkload('gateway', 1.2),
  ...(['gateway GET /api/products', 'gateway POST /api/checkout', 'gateway GET /api/orders/{id}', 'gateway GET /api/users/me'] as const).map((r) => httpOverhead('gateway', r)),
  {
    id: 'gateway:auth',
    service: 'gateway',
    driver: (ctx) => sumRates(ctx, GATEWAY_ROUTES),
    cpu: [
      [`${HTTP};${GATEWAY}.authenticate;github.com/golang-jwt/jwt/v5.(*Parser).ParseWithClaims;crypto/ecdsa.VerifyASN1;crypto/internal/nistec.(*P256Point).ScalarMult`, 0.09],
      [`${HTTP};${GATEWAY}.authenticate;github.com/golang-jwt/jwt/v5.(*Parser).ParseWithClaims;${JSON_DECODE}`, 0.02],
    ],
    alloc: [[`${HTTP};${GATEWAY}.authenticate;github.com/golang-jwt/jwt/v5.(*Parser).ParseWithClaims`, 3, 48]],
  },
  handler(
    'gateway',
    'gateway GET /api/products',
    [
      [proxied(GATEWAY, 'ListProducts'), 0.05],
      [`${HTTP};${GATEWAY}.ListProducts;${GATEWAY}.proxy;io.Copy;net/http.(*body).Read;bufio.(*Reader).Read`, 0.12],
      [`${HTTP};${GATEWAY}.ListProducts;${GATEWAY}.proxy;io.Copy;${MALLOC}`, 0.04],
    ],
    [[`${HTTP};${GATEWAY}.ListProducts;${GATEWAY}.proxy;io.Copy`, 64, 32768]],
  ),
  handler(
    'gateway',
    'gateway POST /api/checkout',
    [
      [proxied(GATEWAY, 'Checkout'), 0.1],
      [`${HTTP};${GATEWAY}.Checkout;${JSON_DECODE}`, 0.05],
      [`${HTTP};${GATEWAY}.Checkout;${JSON_ENCODE};${MALLOC}`, 0.03],
    ],
    [
      [`${HTTP};${GATEWAY}.Checkout;${JSON_DECODE}`, 6, 96],
      [`${HTTP};${GATEWAY}.Checkout;${GATEWAY}.proxy;net/http.(*Client).Do`, 5, 256],
    ],
  ),
  handler('gateway', 'gateway GET /api/orders/{id}', [[proxied(GATEWAY, 'GetOrder'), 0.05], [`${HTTP};${GATEWAY}.GetOrder;${JSON_ENCODE}`, 0.03]], [[`${HTTP};${GATEWAY}.GetOrder;${GATEWAY}.proxy;net/http.(*Client).Do`, 4, 256]]),
  handler('gateway', 'gateway GET /api/users/me', [[proxied(GATEWAY, 'Me'), 0.05], [`${HTTP};${GATEWAY}.Me;${JSON_ENCODE}`, 0.02]], [[`${HTTP};${GATEWAY}.Me;${GATEWAY}.proxy;net/http.(*Client).Do`, 3, 256]]),

  // ---- order ----
  runtimeWorkload('order', 0.8),
  httpOverhead('order', 'order POST /orders'),
  httpOverhead('order', 'order GET /orders/{id}'),
  handler(
    'order',
    'order POST /orders',
    [
      [`${HTTP};${ORDER}.Create;${JSON_DECODE}`, 0.05],
      [`${HTTP};${ORDER}.Create;main.(*OrderRepo).Insert;${PQ_EXEC}`, 0.12],
      [`${HTTP};${ORDER}.Create;main.(*OrderRepo).UpdateStatus;${PQ_EXEC}`, 0.08],
      [`${HTTP};${ORDER}.Create;main.(*PaymentClient).Charge;net/http.(*Client).Do;${CLIENT}`, 0.08],
      [`${HTTP};${ORDER}.Create;main.(*InventoryClient).Reserve;net/http.(*Client).Do;${CLIENT}`, 0.07],
      [`${HTTP};${ORDER}.Create;${JSON_ENCODE};${MALLOC}`, 0.04],
    ],
    [
      [`${HTTP};${ORDER}.Create;${JSON_DECODE}`, 6, 96],
      [`${HTTP};${ORDER}.Create;main.(*OrderRepo).Insert;${PQ_EXEC}`, 4, 128],
    ],
  ),
  handler(
    'order',
    'order GET /orders/{id}',
    [
      [`${HTTP};${ORDER}.Get;main.(*OrderRepo).Find;${PQ_QUERY}`, 0.1],
      [`${HTTP};${ORDER}.Get;main.(*OrderRepo).Items;${PQ_QUERY};database/sql.(*Rows).Next;github.com/lib/pq.(*rows).Next`, 0.06],
      [`${HTTP};${ORDER}.Get;${JSON_ENCODE}`, 0.04],
    ],
    [[`${HTTP};${ORDER}.Get;main.(*OrderRepo).Items;database/sql.(*Rows).Scan;database/sql.convertAssignRows`, 5, 48]],
  ),
  {
    // Saturated pool: every query first fights for a connection; lib/pq keeps dialling and being refused.
    id: 'order:pool-wait',
    service: 'order',
    driver: (ctx) => (ctx.state.kind === 'order-db-pool' ? ctx.state.level * sumRates(ctx, ORDER_ROUTES) : 0),
    cpu: [
      [`${HTTP};${ORDER}.Create;main.(*OrderRepo).Insert;database/sql.(*DB).ExecContext;database/sql.(*DB).exec;database/sql.(*DB).conn;sync.(*Mutex).Lock;sync.(*Mutex).lockSlow;runtime.semacquire1`, 1.1],
      [`${HTTP};${ORDER}.Create;main.(*OrderRepo).Insert;database/sql.(*DB).ExecContext;database/sql.(*DB).exec;database/sql.(*DB).conn;runtime.selectgo`, 1.4],
      [`${HTTP};${ORDER}.Get;main.(*OrderRepo).Find;database/sql.(*DB).QueryContext;database/sql.(*DB).query;database/sql.(*DB).conn;runtime.selectgo`, 0.8],
      ['database/sql.(*DB).connectionOpener;database/sql.(*DB).openNewConnection;github.com/lib/pq.(*Connector).open;github.com/lib/pq.dial;net.(*Dialer).DialContext;internal/poll.(*FD).Connect;syscall.connect', 0.9],
      ['database/sql.(*DB).connectionOpener;database/sql.(*DB).openNewConnection;github.com/lib/pq.(*Connector).open;github.com/lib/pq.(*conn).startup;github.com/lib/pq.(*conn).recv;github.com/lib/pq.parseError', 0.4],
      [`${HTTP};${ORDER}.Create;main.(*OrderRepo).Insert;database/sql.(*DB).ExecContext;context.WithDeadline;time.AfterFunc;${MALLOC}`, 0.3],
    ],
    alloc: [
      [`${HTTP};${ORDER}.Create;main.(*OrderRepo).Insert;database/sql.(*DB).ExecContext;database/sql.(*DB).exec;database/sql.(*DB).conn`, 2, 112],
      ['database/sql.(*DB).connectionOpener;database/sql.(*DB).openNewConnection;github.com/lib/pq.(*Connector).open;bufio.NewReaderSize', 8, 4096],
    ],
  },

  // ---- payment ----
  runtimeWorkload('payment', 0.6),
  httpOverhead('payment', 'payment POST /charge'),
  handler(
    'payment',
    'payment POST /charge',
    [
      [`${HTTP};${PAYMENT}.Charge;${JSON_DECODE}`, 0.05],
      [`${HTTP};${PAYMENT}.Charge;main.(*PaymentRepo).DefaultMethod;${PQ_QUERY}`, 0.08],
      [`${HTTP};${PAYMENT}.Charge;main.(*PaymentRepo).Insert;${PQ_EXEC}`, 0.08],
      [`${HTTP};${PAYMENT}.Charge;${JSON_ENCODE};${MALLOC}`, 0.03],
    ],
    [[`${HTTP};${PAYMENT}.Charge;${JSON_DECODE}`, 5, 96]],
  ),
  {
    // Each bank attempt signs the request (RSA-4096 PKCS#1 v1.5; Go 1.23 frames) and sends it over TLS.
    id: 'payment:bank-attempt',
    service: 'payment',
    driver: (ctx) => ctx.routeBankAttempts[CHARGE],
    cpu: [
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;main.(*Signer).Sign;crypto/rsa.SignPKCS1v15;crypto/rsa.decrypt;crypto/internal/bigmod.(*Nat).Exp;crypto/internal/bigmod.(*Nat).montgomeryMul;crypto/internal/bigmod.addMulVVW2048`, 2.6],
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;main.(*Signer).Sign;crypto/rsa.SignPKCS1v15;crypto/rsa.decrypt;crypto/internal/bigmod.(*Nat).ExpShortVarTime`, 0.5],
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;main.(*Signer).Sign;crypto/sha256.(*digest).Write;crypto/sha256.block`, 0.15],
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;main.(*BankClient).do;net/http.(*Client).Do;${CLIENT}`, 0.12],
      ['net/http.(*persistConn).readLoop;crypto/tls.(*Conn).Read;crypto/tls.(*Conn).readRecordOrCCS;crypto/tls.(*halfConn).decrypt;crypto/aes.(*gcmAsm).Open', 0.06],
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;main.(*BankClient).do;${JSON_ENCODE};${MALLOC}`, 0.05],
    ],
    alloc: [
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;main.(*Signer).Sign;crypto/rsa.SignPKCS1v15;crypto/rsa.decrypt;crypto/internal/bigmod.NewNat`, 18, 512],
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;main.(*BankClient).do;bytes.(*Buffer).grow`, 8, 2048],
    ],
  },
  {
    // After a timeout the connection is dropped: retries back off, re-dial and re-handshake TLS, allocating hard.
    id: 'payment:bank-retry',
    service: 'payment',
    driver: (ctx) => Math.max(0, ctx.routeBankAttempts[CHARGE] - ctx.routeRates[CHARGE]),
    cpu: [
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;github.com/cenkalti/backoff/v4.RetryNotifyWithTimer;github.com/cenkalti/backoff/v4.(*ExponentialBackOff).NextBackOff;math/rand.Float64`, 0.05],
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;github.com/cenkalti/backoff/v4.RetryNotifyWithTimer;github.com/cenkalti/backoff/v4.(*defaultTimer).Start;time.NewTimer;${MALLOC}`, 0.25],
      ['net/http.(*Transport).dialConnFor;net/http.(*Transport).dialConn;net/http.(*persistConn).addTLS.func2;crypto/tls.(*Conn).HandshakeContext;crypto/tls.(*Conn).clientHandshake;crypto/tls.(*clientHandshakeStateTLS13).handshake;crypto/ecdh.(*nistCurve[...]).ecdh', 0.9],
      ['net/http.(*Transport).dialConnFor;net/http.(*Transport).dialConn;net/http.(*persistConn).addTLS.func2;crypto/tls.(*Conn).HandshakeContext;crypto/tls.(*Conn).clientHandshake;crypto/tls.(*clientHandshakeStateTLS13).readServerCertificate;crypto/x509.(*Certificate).Verify;crypto/rsa.VerifyPKCS1v15', 0.6],
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;main.(*BankClient).do;net/http.(*Client).Do;net/http.(*Client).do;net/http.(*Request).WithContext;${MALLOC}`, 0.35],
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;go.uber.org/zap.(*Logger).Warn;go.uber.org/zap/zapcore.(*ioCore).Write;go.uber.org/zap/zapcore.(*jsonEncoder).EncodeEntry;${MALLOC}`, 0.2],
      ['runtime.gcBgMarkWorker;runtime.gcDrain;runtime.scanobject;runtime.greyobject', 0.5],
    ],
    alloc: [
      ['net/http.(*Transport).dialConnFor;net/http.(*Transport).dialConn;net/http.(*persistConn).addTLS.func2;crypto/tls.(*Conn).HandshakeContext;crypto/tls.(*Conn).clientHandshake', 48, 1024],
      ['net/http.(*Transport).dialConnFor;net/http.(*Transport).dialConn;bufio.NewReaderSize', 8, 4096],
      [`${HTTP};${PAYMENT}.Charge;main.(*BankClient).Charge;github.com/cenkalti/backoff/v4.RetryNotifyWithTimer;time.NewTimer`, 1, 80],
    ],
  },

  // ---- inventory ----
  runtimeWorkload('inventory', 1),
  httpOverhead('inventory', 'inventory GET /stock'),
  httpOverhead('inventory', 'inventory POST /reserve'),
  handler(
    'inventory',
    'inventory GET /stock',
    [
      [`${HTTP};${INVENTORY}.Stock;main.(*StockRepo).List;${PQ_QUERY};database/sql.(*Rows).Next;github.com/lib/pq.(*rows).Next;github.com/lib/pq.(*conn).recv1Buf`, 0.35],
      [`${HTTP};${INVENTORY}.Stock;main.(*StockRepo).List;database/sql.(*Rows).Scan;database/sql.convertAssignRows;strconv.ParseInt`, 0.3],
      [`${HTTP};${INVENTORY}.Stock;${JSON_ENCODE};encoding/json.arrayEncoder.encode;encoding/json.stringEncoder`, 0.9],
      [`${HTTP};${INVENTORY}.Stock;${JSON_ENCODE};${MALLOC}`, 0.35],
      [`${HTTP};${INVENTORY}.Stock;main.(*StockRepo).List;database/sql.(*Rows).Scan;${MALLOC}`, 0.2],
    ],
    [
      [`${HTTP};${INVENTORY}.Stock;main.(*StockRepo).List;database/sql.(*Rows).Scan;database/sql.convertAssignRows`, 180, 40],
      [`${HTTP};${INVENTORY}.Stock;${JSON_ENCODE};bytes.(*Buffer).grow`, 256, 16384],
    ],
  ),
  handler(
    'inventory',
    'inventory POST /reserve',
    [
      [`${HTTP};${INVENTORY}.Reserve;main.(*StockRepo).Reserve;database/sql.(*Tx).QueryRowContext;github.com/lib/pq.(*conn).query`, 0.08],
      [`${HTTP};${INVENTORY}.Reserve;main.(*StockRepo).Reserve;database/sql.(*Tx).ExecContext;github.com/lib/pq.(*conn).Exec`, 0.07],
    ],
    [[`${HTTP};${INVENTORY}.Reserve;${JSON_DECODE}`, 3, 96]],
  ),
  {
    id: 'inventory:reconcile',
    service: 'inventory',
    driver: (_ctx, jobShare) => jobShare,
    cpu: [
      ['main.(*Reconciler).Run;main.(*Reconciler).reconcileBatch;main.(*StockRepo).Compare;database/sql.(*DB).QueryContext;github.com/lib/pq.(*conn).query', 120],
      ['main.(*Reconciler).Run;main.(*Reconciler).reconcileBatch;main.(*StockRepo).Fix;database/sql.(*DB).ExecContext;github.com/lib/pq.(*conn).Exec', 90],
      ['main.(*Reconciler).Run;main.(*Reconciler).reconcileBatch;go.opentelemetry.io/otel/sdk/trace.(*tracer).Start;go.opentelemetry.io/otel/sdk/trace.(*tracer).newSpan;' + MALLOC, 60],
      ['main.(*Reconciler).Run;main.(*Reconciler).reconcileBatch;main.(*StockRepo).Compare;database/sql.(*Rows).Scan;database/sql.convertAssignRows', 40],
    ],
    alloc: [
      ['main.(*Reconciler).Run;main.(*Reconciler).reconcileBatch;go.opentelemetry.io/otel/sdk/trace.(*tracer).Start;go.opentelemetry.io/otel/sdk/trace.(*tracer).newSpan', 6000, 256],
      ['main.(*Reconciler).Run;main.(*Reconciler).reconcileBatch;main.(*StockRepo).Compare;database/sql.(*Rows).Scan', 4000, 40],
    ],
  },
  {
    // The stock cache refresher (no trace: a background loop).
    id: 'inventory:cache-refresh',
    service: 'inventory',
    driver: () => 0.2,
    cpu: [
      ['main.(*StockCache).refreshLoop;main.(*StockCache).refresh;main.(*StockRepo).List;database/sql.(*Rows).Next;github.com/lib/pq.(*rows).Next', 2],
      ['main.(*StockCache).refreshLoop;main.(*StockCache).refresh;sync.(*Map).Store;' + MALLOC, 1],
    ],
    alloc: [['main.(*StockCache).refreshLoop;main.(*StockCache).refresh;sync.(*Map).Store', 120, 64]],
  },

  // ---- user ----
  runtimeWorkload('user', 0.5),
  httpOverhead('user', 'user GET /users/{id}'),
  handler(
    'user',
    'user GET /users/{id}',
    [
      [`${HTTP};${USER}.Get;main.(*UserRepo).Find;${PQ_QUERY}`, 0.07],
      [`${HTTP};${USER}.Get;${JSON_ENCODE}`, 0.03],
    ],
    [[`${HTTP};${USER}.Get;main.(*UserRepo).Find;database/sql.(*Rows).Scan`, 2, 64]],
  ),
];

/** Long-lived heap of each service (inuse_space), as shares of the live heap. */
export const INUSE_STACKS: Readonly<Record<ServiceName, readonly (readonly [string, number])[]>> = {
  gateway: [
    ['main.main;main.newRouter;net/http.(*ServeMux).Handle', 0.05],
    ['net/http.(*conn).serve;bufio.NewReaderSize', 0.35],
    ['net/http.(*conn).serve;bufio.NewWriterSize', 0.2],
    ['go.opentelemetry.io/otel/sdk/trace.NewBatchSpanProcessor;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).processQueue', 0.25],
    ['main.main;main.loadJWKS;crypto/x509.ParsePKIXPublicKey', 0.15],
  ],
  order: [
    ['database/sql.(*DB).connectionOpener;database/sql.(*DB).openNewConnection;github.com/lib/pq.(*Connector).open;bufio.NewReaderSize', 0.4],
    ['net/http.(*conn).serve;bufio.NewReaderSize', 0.25],
    ['go.opentelemetry.io/otel/sdk/trace.NewBatchSpanProcessor;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).processQueue', 0.2],
    ['main.main;main.newOrderService;database/sql.OpenDB', 0.15],
  ],
  payment: [
    ['main.main;main.loadSigningKey;crypto/x509.ParsePKCS1PrivateKey;crypto/rsa.(*PrivateKey).Precompute', 0.2],
    ['net/http.(*Transport).dialConnFor;net/http.(*Transport).dialConn;net/http.(*persistConn).addTLS.func2;crypto/tls.(*Conn).HandshakeContext', 0.3],
    ['net/http.(*conn).serve;bufio.NewReaderSize', 0.2],
    ['go.opentelemetry.io/otel/sdk/trace.NewBatchSpanProcessor;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).processQueue', 0.3],
  ],
  inventory: [
    ['main.(*StockCache).refreshLoop;main.(*StockCache).refresh;sync.(*Map).Store', 0.55],
    ['net/http.(*conn).serve;bufio.NewReaderSize', 0.15],
    ['go.opentelemetry.io/otel/sdk/trace.NewBatchSpanProcessor;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).processQueue', 0.2],
    ['main.(*Reconciler).Run;main.(*Reconciler).loadSnapshot', 0.1],
  ],
  user: [
    ['main.(*SessionCache).Set;github.com/hashicorp/golang-lru/v2.(*Cache[...]).Add', 0.45],
    ['net/http.(*conn).serve;bufio.NewReaderSize', 0.25],
    ['go.opentelemetry.io/otel/sdk/trace.NewBatchSpanProcessor;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).processQueue', 0.3],
  ],
};

export function workloadsOf(service: ServiceName): Workload[] {
  return WORKLOADS.filter((w) => w.service === service);
}
