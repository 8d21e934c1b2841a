// startFixtureSite() is exported from '@newsflow/testing/fixture-site' instead, so unit tests import it without
// loading testcontainers (about a second).
export { checkServers, type CheckServersOptions } from './check-servers.js';
export { createTopicsWithLeaders } from './create-topics.js';
export { deleteTopicsWithPrefix, type DeleteTopicsOptions } from './delete-topics.js';
export { ContainerImage, isContainerRuntimeAvailable, startContainers } from './containers.js';
export { holdFreePorts, type HeldPorts } from './free-ports.js';
export { getServers, type GetServersOptions } from './get-servers.js';
export { localStackSettings, startLocalStack, type LocalStackOptions } from './local-stack.js';
export { TestServersSource, type TestServerAddresses, type TestServers } from './test-servers.js';
export {
  removeTestLeftovers,
  removeTestNamespace,
  type RemovedTestLeftovers,
  type RemoveTestNamespaceOptions,
} from './test-leftovers.js';
export {
  TestNamespaceKinds,
  testNamespace,
  testNamespacesOf,
  type TestNamespace,
  type TestNamespaceKind,
} from './test-namespaces.js';
export { TestingError, TestingErrorCode } from './testing-error.js';
export { uniqueName } from './unique-name.js';
export { waitFor, withTimeout, type WaitForOptions } from './wait-for.js';
