/** Live streams for load tests: paced records in several formats to several sinks. */
export { runStream, type StreamOptions, type StreamReport, type StreamClock, type SinkFactory } from './run.js';
export { parseDestination, type Destination } from './destination.js';
export { openSink, type SinkOptions } from './open-sink.js';
export { STREAM_FORMATS, type StreamFormat } from './encode.js';
export type { CloudWatchOptions } from './cloudwatch.js';
export type { StreamSink, SinkStats } from './sink.js';
