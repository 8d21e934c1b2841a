// node --import ./test/cli/stop-on-output.mjs …: the process stops itself (SIGSTOP) right after it first writes
// a chunk holding NEWSFLOW_TEST_STOP_ON to stdout (to stderr with NEWSFLOW_TEST_STOP_STREAM=stderr), so a test can
// act between two steps of a command (kill its broker between two letters of a replay) and then let it go on
// (SIGCONT). The stop happens inside the write, so nothing else of the command runs in between: no timing is
// involved.
const text = process.env.NEWSFLOW_TEST_STOP_ON;
if (text) {
  const stream = process.env.NEWSFLOW_TEST_STOP_STREAM === 'stderr' ? process.stderr : process.stdout;
  const write = stream.write.bind(stream);
  let stopped = false;
  stream.write = (chunk, ...rest) => {
    const written = write(chunk, ...rest);
    if (!stopped && String(chunk).includes(text)) {
      stopped = true;
      process.kill(process.pid, 'SIGSTOP');
    }
    return written;
  };
}
