import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { allTopics } from '@newsflow/contracts';
import { collectionSettings, commonSettings } from '@newsflow/runtime';
import { cliSettings } from '../../libs/cli/src/connect.js';
import { readEnvFile } from '../../deploy/local/stack.js';

// Checks of docker-compose.yml, deploy/Dockerfile and .env.example that need no Docker engine (none runs on
// our machines). They need no servers either; they sit in test/ beside the other deployment checks.

const root = resolve(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  env_file?: string | string[];
  healthcheck?: { test?: string[]; disable?: boolean; interval?: string; retries?: number };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  restart?: string;
  container_name?: string;
  profiles?: string[];
  volumes?: string[];
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
  read_only?: boolean;
  user?: string;
}

const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;

/** Services in services/* (each has src/main.ts), all of which Compose must run. */
const pipeline = readdirSync(join(root, 'services')).filter((name) =>
  existsSync(join(root, 'services', name, 'src', 'main.ts')),
);

/**
 * Env names of a service's own `setting('ENV', …)` calls (tests excluded), including the settings tables of
 * the libraries it depends on (libs/http-fetch `fetchSettings`), but not libs/runtime's `commonSettings`; and
 * the entries of libs/runtime's `collectionSettings` it takes (`collectionSettings.articlesCollection`, or all
 * of them by `...collectionSettings`).
 */
function serviceSettingNames(name: string): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/\bsetting\(\s*'([A-Z][A-Z0-9_]*)'/g)) names.add(m[1]!);
        for (const [key, field] of Object.entries(collectionSettings)) {
          if (text.includes(`collectionSettings.${key}`) || text.includes('...collectionSettings'))
            names.add(field.env);
        }
      }
    }
  };
  walk(join(root, 'services', name, 'src'));
  const manifest = JSON.parse(read(`services/${name}/package.json`)) as {
    dependencies?: Record<string, string>;
  };
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    const lib = /^@newsflow\/(.+)$/.exec(dep)?.[1];
    if (lib && lib !== 'runtime' && existsSync(join(root, 'libs', lib, 'src')))
      walk(join(root, 'libs', lib, 'src'));
  }
  return names;
}

const commonNames = new Set(Object.values(commonSettings).map((f) => f.env));
const cliNames = new Set(Object.values(cliSettings).map((f) => f.env));
/**
 * Set by Compose itself, not from .env: fixed because the healthcheck, the image and the console's published
 * port rely on them.
 */
const FIXED_BY_COMPOSE = new Set([
  'HTTP_PORT',
  'HTTP_HOST',
  'KAFKA_BROKERS',
  'REDIS_URL',
  'MONGODB_URI',
  'CONSOLE_PORT',
  'CONSOLE_HOST',
]);
/** The one service published to the host: the web console, a page to open, not a stage to scale. */
const PUBLISHED_SERVICES = ['console'];

/** `${VAR}`, `${VAR:-default}`, `${VAR:?message}` references and their defaults. */
function references(text: string): { name: string; op: string | undefined; value: string | undefined }[] {
  return [...text.matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g)].map((m) => ({
    name: m[1]!,
    op: m[2],
    value: m[3],
  }));
}

const envExample = readEnvFile(join(root, '.env.example'));
const serviceDefaults = readEnvFile(join(root, 'deploy', 'service-defaults.env'));
const envFileOf = (s: ComposeService): string[] => (s.env_file === undefined ? [] : [s.env_file].flat());

/** `docker compose` (v2) or `docker-compose` (v1), whichever is installed; undefined when neither is. */
function composeTool(): string[] | undefined {
  const ok = (cmd: string, args: string[]): boolean =>
    spawnSync(cmd, args, { stdio: 'ignore', timeout: 20_000 }).status === 0;
  if (ok('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (ok('docker-compose', ['version'])) return ['docker-compose'];
  return undefined;
}
const tool = composeTool();

describe('docker-compose.yml', () => {
  it('runs every service in services/* plus kafka, redis, mongo and the one-shot topics step', () => {
    expect(pipeline.length).toBeGreaterThanOrEqual(4);
    for (const name of [...pipeline, 'kafka', 'redis', 'mongo', 'topics'])
      expect(services[name], name).toBeDefined();
  });

  it('gives every long-running service a healthcheck; one-shot ones disable the image healthcheck explicitly', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.healthcheck, name).toBeDefined();
      if (s.restart === 'no') expect(s.healthcheck?.disable, `${name} is one-shot`).toBe(true);
      else expect(s.healthcheck?.test?.length, name).toBeGreaterThan(0);
    }
  });

  it('checks each pipeline service on /readyz at HTTP_PORT 8080, restarts it, limits it and starts it after its dependencies', () => {
    for (const name of pipeline) {
      const s = services[name]!;
      expect(s.healthcheck?.test?.join(' '), name).toContain('http://127.0.0.1:8080/readyz');
      expect(s.environment?.HTTP_PORT, name).toBe('8080');
      expect(s.restart, name).toBe('unless-stopped');
      expect(s.deploy?.resources?.limits?.cpus, name).toBeDefined();
      expect(s.deploy?.resources?.limits?.memory, name).toBeDefined();
      expect(s.depends_on, name).toEqual({
        kafka: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        mongo: { condition: 'service_healthy' },
        topics: { condition: 'service_completed_successfully' },
      });
      expect(s.build, name).toEqual({
        context: '.',
        dockerfile: 'deploy/Dockerfile',
        args: { SERVICE: name },
      });
      expect(envFileOf(s), name).toEqual(['deploy/service-defaults.env']);
    }
  });

  it('can scale a stage (`--scale cleaner=3`): no fixed container names or host ports on pipeline services', () => {
    for (const name of pipeline.filter((n) => !PUBLISHED_SERVICES.includes(n))) {
      expect(services[name]!.container_name, name).toBeUndefined();
      // Health and metrics ports stay inside the stack's network.
      expect(services[name]!.ports, name).toBeUndefined();
    }
  });

  it("publishes only Kafka's host listener, MongoDB and the console, on loopback unless .env says otherwise", () => {
    const published = Object.entries(services)
      .filter(([, s]) => s.ports !== undefined)
      .map(([name]) => name)
      .sort();
    expect(published).toEqual(['console', 'kafka', 'mongo']);
    expect(services.console!.ports).toEqual([
      '${CONSOLE_HOST_BIND:-127.0.0.1}:${CONSOLE_HOST_PORT:-8090}:8090',
    ]);
    expect(envExample.CONSOLE_HOST_BIND).toBe('127.0.0.1');
    expect(services.kafka!.ports).toEqual(['${KAFKA_HOST_BIND:-127.0.0.1}:${KAFKA_HOST_PORT:-9092}:9092']);
    expect(services.mongo!.ports).toEqual(['${MONGO_HOST_BIND:-127.0.0.1}:${MONGO_HOST_PORT:-27017}:27017']);
    expect(envExample.KAFKA_HOST_BIND).toBe('127.0.0.1');
    expect(envExample.MONGO_HOST_BIND).toBe('127.0.0.1');
  });

  it('runs Kafka 3.9 in KRaft mode with a listener for the services and one for the host', () => {
    const kafka = services.kafka!;
    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    const env = kafka.environment!;
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(String(env.KAFKA_LISTENERS)).toMatch(/INTERNAL:\/\/:9093.*EXTERNAL:\/\/:9092/);
    expect(String(env.KAFKA_ADVERTISED_LISTENERS)).toContain('INTERNAL://kafka:9093');
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(kafka.volumes).toContain('kafka-data:/var/lib/kafka/data');
    for (const name of pipeline)
      expect(services[name]!.environment?.KAFKA_BROKERS).toBe('${NEWSFLOW_KAFKA_BROKERS:-kafka:9093}');
  });

  it('requires a Redis password (AOF on) and MongoDB root credentials from .env, and hands them to the services in their URLs', () => {
    const redis = services.redis!;
    expect(redis.image).toBe('redis:7');
    const command = (redis.command ?? []).join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--requirepass "$$REDIS_PASSWORD"');
    expect(redis.environment?.REDIS_PASSWORD).toBe('${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}');
    const mongo = services.mongo!;
    expect(mongo.image).toBe('mongo:7');
    expect(mongo.volumes).toContain('mongo-data:/data/db');
    expect(mongo.environment?.MONGO_INITDB_ROOT_PASSWORD).toBe(
      '${MONGO_ROOT_PASSWORD:?set MONGO_ROOT_PASSWORD in .env}',
    );
    for (const name of pipeline) {
      const env = services[name]!.environment!;
      expect(env.REDIS_URL).toBe('redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}@redis:6379');
      expect(String(env.MONGODB_URI)).toMatch(
        /^mongodb:\/\/\$\{MONGO_ROOT_USERNAME:\?[^}]*\}:\$\{MONGO_ROOT_PASSWORD:\?[^}]*\}@mongo:27017\//,
      );
    }
    // No secret has a default anywhere: an unset password stops `docker compose` instead of running open.
    for (const ref of references(composeText).filter(
      (r) => /PASSWORD/.test(r.name) && r.name !== 'KAFKA_SASL_PASSWORD',
    )) {
      expect(ref.op, ref.name).toBe(':?');
    }
    expect(envExample.REDIS_PASSWORD).toBe('');
    expect(envExample.MONGO_ROOT_PASSWORD).toBe('');
  });

  it('gives each service only variables its config schema knows (commonSettings + its own setting() calls)', () => {
    for (const name of pipeline) {
      const known = new Set([...commonNames, ...serviceSettingNames(name)]);
      const given = [...Object.keys(services[name]!.environment ?? {}), ...Object.keys(serviceDefaults)];
      expect(
        given.filter((v) => !known.has(v)),
        name,
      ).toEqual([]);
    }
    for (const name of ['topics', 'cli']) {
      const given = Object.keys(services[name]!.environment ?? {});
      expect(
        given.filter((v) => !cliNames.has(v)),
        name,
      ).toEqual([]);
    }
  });

  it('lets .env set every setting of every service (all of commonSettings but the fixed ones, and each own setting)', () => {
    for (const name of pipeline) {
      const env = services[name]!.environment ?? {};
      const settable = [...commonNames, ...serviceSettingNames(name)].filter(
        (v) => !FIXED_BY_COMPOSE.has(v) && v !== 'SERVICE_NAME',
      );
      const missing = settable.filter((v) => !String(env[v] ?? '').includes(`\${${v}`));
      expect(missing, `${name}: settings docker-compose.yml does not pass from .env`).toEqual([]);
    }
  });

  it('lists every ${VAR} it uses in .env.example, and .env.example lists nothing it does not use', () => {
    const used = new Set(references(composeText).map((r) => r.name));
    expect([...used].filter((v) => !(v in envExample)).sort()).toEqual([]);
    const compose = new Set(['COMPOSE_PROJECT_NAME']);
    expect(Object.keys(envExample).filter((v) => !used.has(v) && !compose.has(v))).toEqual([]);
  });

  it('uses the same defaults as .env.example and deploy/service-defaults.env (the file deploy/local reads)', () => {
    for (const ref of references(composeText)) {
      if (ref.op !== ':-') continue;
      expect(envExample[ref.name], `.env.example ${ref.name}`).toBe(ref.value);
      if (ref.name in serviceDefaults)
        expect(serviceDefaults[ref.name], `service-defaults.env ${ref.name}`).toBe(ref.value);
    }
    // deploy/local starts the services with the same file.
    expect(read('deploy/local/stack.ts')).toContain("'service-defaults.env'");
  });

  it('creates the topics of libs/contracts in a one-shot step (newsflow topics --create) the services wait for', () => {
    const topics = services.topics!;
    expect(topics.command).toEqual(['node', 'bin/newsflow.mjs', 'topics', '--create']);
    expect(topics.restart).toBe('no');
    expect(topics.depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
    // The command creates exactly allTopics() (checked against a broker in test/cli/read-commands.test.ts);
    // here: every partition count is one the single-node broker can hold.
    for (const t of allTopics()) expect(t.numPartitions, t.topic).toBeGreaterThanOrEqual(1);
  });

  it.runIf(tool !== undefined)(
    `passes \`${tool?.join(' ') ?? 'docker compose'} config -q\` with the .env.example values`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'compose-'));
      try {
        const envFile = join(dir, '.env');
        writeFileSync(
          envFile,
          `${read('.env.example')}\nREDIS_PASSWORD=test-redis\nMONGO_ROOT_PASSWORD=test-mongo\n`,
        );
        const [cmd, ...args] = tool!;
        const r = spawnSync(
          cmd!,
          [...args, '--env-file', envFile, '-f', join(root, 'docker-compose.yml'), 'config', '-q'],
          { encoding: 'utf8', timeout: 60_000 },
        );
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        // Without the passwords it refuses to run.
        writeFileSync(envFile, read('.env.example'));
        const refused = spawnSync(
          cmd!,
          [...args, '--env-file', envFile, '-f', join(root, 'docker-compose.yml'), 'config', '-q'],
          { encoding: 'utf8', timeout: 60_000 },
        );
        expect(refused.status).not.toBe(0);
        expect(refused.stderr).toContain('set REDIS_PASSWORD in .env');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.runIf(tool === undefined)(
    'docker compose is not installed here: the structural checks above stand in for `docker compose config`',
    () => {
      expect(compose.services).toBeTypeOf('object');
    },
  );
});

describe('deploy/Dockerfile', () => {
  const dockerfile = read('deploy/Dockerfile');
  const packageJson = JSON.parse(read('package.json')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };

  it('is multi-stage: npm ci of production deps on the manifests only, then a runtime stage', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    // .npmrc carries install settings npm ci needs (onnxruntime-node must not download CUDA binaries).
    expect(dockerfile).toContain('cp package.json package-lock.json .npmrc /out/');
    // The deps stage copies only manifests, so the npm ci layer is reused until the lock file changes.
    expect(dockerfile).toMatch(
      /COPY --from=manifests \/out\/ \.\/\nRUN --mount=type=cache,target=\/root\/\.npm/,
    );
  });

  it('runs TypeScript through tsx, which the root package has as a production dependency', () => {
    expect(packageJson.dependencies?.tsx).toBeDefined();
    expect(packageJson.devDependencies?.tsx).toBeUndefined();
    expect(dockerfile).toContain('exec node --import tsx \\"services/${SERVICE}/src/main.ts\\"');
  });

  it('builds any service by ARG SERVICE, runs as a non-root user under tini, with a HEALTHCHECK on /readyz', () => {
    expect(dockerfile).toMatch(/^ARG SERVICE$/m);
    // Numeric, so Kubernetes' runAsNonRoot can verify it (uid 1000 is the base image's `node` user).
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD [^\n]*\/readyz/m);
  });

  it('keeps secrets and local state out of the build context (.dockerignore)', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', '**/node_modules', '.git', '.stack', '.cache'])
      expect(ignored, entry).toContain(entry);
  });
});
