/**
 * The part of autocannon 8's programmatic API that bench/http.ts uses
 * (autocannon ships no types and @types/autocannon is not a dependency).
 */
declare module "autocannon" {
  interface Options {
    url: string;
    method?: "GET" | "POST" | "PUT" | "DELETE";
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds before a request counts as a timeout. */
    timeout?: number;
    title?: string;
    /** Sent in turn by each connection, instead of one method/body. */
    requests?: { method?: "GET" | "POST" | "PUT" | "DELETE"; path?: string; body?: string; headers?: Record<string, string> }[];
  }
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }
  export interface Result {
    title?: string;
    url: string;
    connections: number;
    duration: number;
    /** Requests per second (per-second samples). */
    requests: Histogram;
    /** Milliseconds. */
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
