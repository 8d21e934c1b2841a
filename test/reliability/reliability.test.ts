/**
 * The reliability suite as one test file, so its scenarios run one after another in a single worker (each starts
 * a pipeline or a private stack of its own; two at once would only slow both) while the integration files run
 * beside it in the other workers. Vitest runs a project without file parallelism in a group of its own after
 * all the others; one file keeps the chain sequential without that. Each module registers its `describe`.
 */
import './pipeline-faults.js';
import './server-restarts.js';
import './kafka-cluster.js';
