import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig, SECRET_VARIABLES } from '../src/config.js';

/*
 * No cluster, image registry or container build can be reached here: the manifests are checked against
 * the Kubernetes API schemas (kubernetes-models) and against what the server really reads, and the
 * Dockerfile against what the server needs at run time. Building the image and applying the manifests
 * are left to a machine with a registry and a cluster.
 */

const repo = join(import.meta.dirname, '..', '..', '..');
const deploy = join(repo, 'apps', 'server', 'deploy');
const kubernetes = join(deploy, 'kubernetes');

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };

function manifests(): Map<string, Manifest> {
  const found = new Map<string, Manifest>();
  for (const file of readdirSync(kubernetes).filter((name) => name.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(readFileSync(join(kubernetes, file), 'utf8'))) {
      expect(document.errors, file).toEqual([]);
      const manifest = document.toJS() as Manifest;
      found.set(`${manifest.kind}/${file}`, manifest);
    }
  }
  return found;
}

const models = {
  Deployment: (value: Manifest) => new Deployment(value as never),
  Service: (value: Manifest) => new Service(value as never),
  PodDisruptionBudget: (value: Manifest) => new PodDisruptionBudget(value as never),
  Secret: (value: Manifest) => new Secret(value as never),
  PersistentVolumeClaim: (value: Manifest) => new PersistentVolumeClaim(value as never),
} as const;

function one<K extends keyof typeof models>(kind: K): ReturnType<(typeof models)[K]> {
  const matches = [...manifests().values()].filter((manifest) => manifest.kind === kind);
  expect(matches, kind).toHaveLength(1);
  return models[kind](matches[0] as Manifest) as ReturnType<(typeof models)[K]>;
}

describe('the Kubernetes manifests', () => {
  it('are valid objects of the Kubernetes API, and the kustomization lists each one that exists', () => {
    const all = manifests();
    for (const [name, manifest] of all) {
      if (manifest.kind === 'Kustomization') continue;
      const model = models[manifest.kind as keyof typeof models];
      expect(model, `${name}: a kind this test knows`).toBeDefined();
      expect(() => model(manifest).validate(), name).not.toThrow();
    }
    const kustomization = [...all.values()].find((manifest) => manifest.kind === 'Kustomization') as unknown as {
      resources: string[];
    };
    for (const resource of kustomization.resources) expect(existsSync(join(kubernetes, resource)), resource).toBe(true);
    // The Secret's example is never applied by the kustomization: the real one is made from real values.
    expect(kustomization.resources.some((resource) => resource.includes('secret'))).toBe(false);
  });

  it('run two or more replicas that are ready only when /readyz says so, reached through the Service', () => {
    const deployment = one('Deployment');
    const service = one('Service');
    const spec = deployment.spec;
    expect(spec?.replicas ?? 1).toBeGreaterThanOrEqual(2);
    expect(spec?.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    const pod = spec?.template.spec;
    const [container] = pod?.containers ?? [];
    const http = container?.ports?.find((port) => port.name === 'http');
    expect(http?.containerPort).toBeGreaterThan(0);
    expect(container?.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect(container?.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });

    const labels = spec?.template.metadata?.labels ?? {};
    for (const [key, value] of Object.entries(spec?.selector.matchLabels ?? {})) expect(labels[key]).toBe(value);
    for (const [key, value] of Object.entries(service.spec?.selector ?? {})) expect(labels[key]).toBe(value);
    expect(service.spec?.ports?.[0]?.targetPort).toBe('http');

    const budget = one('PodDisruptionBudget');
    expect(budget.spec?.minAvailable).toBe(1);
    for (const [key, value] of Object.entries(budget.spec?.selector?.matchLabels ?? {}))
      expect(labels[key]).toBe(value);
  });

  it('run as an unprivileged user on a read-only root, with no token of the cluster mounted', () => {
    const pod = one('Deployment').spec?.template.spec;
    const [container] = pod?.containers ?? [];
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(container?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('keep the git repositories on one ReadWriteMany volume every replica mounts, under WEBNOVA_GIT_ROOT', () => {
    const pod = one('Deployment').spec?.template.spec;
    const claim = one('PersistentVolumeClaim');
    expect(claim.spec?.accessModes).toEqual(['ReadWriteMany']);
    const volume = pod?.volumes?.find((entry) => entry.persistentVolumeClaim?.claimName === claim.metadata?.name);
    expect(volume).toBeDefined();
    const [container] = pod?.containers ?? [];
    const mount = container?.volumeMounts?.find((entry) => entry.name === volume?.name);
    const root = container?.env?.find((variable) => variable.name === 'WEBNOVA_GIT_ROOT')?.value ?? '';
    expect(mount?.readOnly ?? false).toBe(false);
    expect(root.startsWith(`${mount?.mountPath}/`)).toBe(true);
    expect(pod?.securityContext?.fsGroup).toBe(pod?.securityContext?.runAsGroup);
  });

  it('take every secret from the Secret, and the server accepts the configuration they make', () => {
    const deployment = one('Deployment');
    const secret = one('Secret');
    const [container] = deployment.spec?.template.spec?.containers ?? [];
    const plain = Object.fromEntries((container?.env ?? []).map((variable) => [variable.name, variable.value ?? '']));
    for (const name of SECRET_VARIABLES) expect(plain, `${name} is set in plain text`).not.toHaveProperty(name);
    expect(container?.envFrom?.map((source) => source.secretRef?.name)).toContain(secret.metadata?.name);

    // The example's placeholders, filled the way its comments say (a key from `openssl rand -base64 32`).
    const fromSecret = { ...secret.stringData, WEBNOVA_SECRET_KEY: randomBytes(32).toString('base64') };
    const loaded = loadConfig({ ...plain, ...fromSecret });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(loaded.config.host).toBe('0.0.0.0');
    expect(loaded.config.port).toBe(container?.ports?.find((port) => port.name === 'http')?.containerPort);
    expect(loaded.config.databaseMigrationUrl).not.toBeNull();
    expect(loaded.config.git.root).toBe(plain.WEBNOVA_GIT_ROOT);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = DockerfileParser.parse(readFileSync(join(deploy, 'Dockerfile'), 'utf8'));
  const instructions = dockerfile.getInstructions();
  const finalStage = instructions.slice(
    instructions.findLastIndex((instruction) => instruction.getKeyword() === 'FROM'),
  );
  const argumentsOf = (keyword: string) =>
    finalStage
      .filter((instruction) => instruction.getKeyword() === keyword)
      .map((instruction) => instruction.getArguments().map((argument) => argument.getValue()));

  it('runs the server as the image’s unprivileged user, on the port the Deployment names, with nothing secret baked in', () => {
    expect(argumentsOf('USER').at(-1)).toEqual(['node']);
    const deployment = one('Deployment');
    const port = deployment.spec?.template.spec?.containers[0]?.ports?.[0]?.containerPort;
    expect(argumentsOf('EXPOSE')).toEqual([[String(port)]]);
    const env = dockerfile.getENVs().flatMap((instruction) => instruction.getProperties().map((p) => p.getName()));
    for (const name of SECRET_VARIABLES) expect(env).not.toContain(name);
    expect(instructions.some((instruction) => instruction.getKeyword() === 'ARG')).toBe(false);
    const cmd = finalStage.find((instruction) => instruction.getKeyword() === 'CMD');
    expect(cmd?.getArgumentsContent()).toBe('["node", "apps/server/bin/webnova-server.mjs", "serve"]');
  });

  it('installs git, which serves the repositories', () => {
    const runs = argumentsOf('RUN').map((words) => words.join(' '));
    expect(runs.some((line) => /apt-get install .*\bgit\b/.test(line))).toBe(true);
  });

  it('copies into the image everything the server loads at run time, and the context lets it through', () => {
    // From the build context, not from the dependencies stage (`--from`).
    const copied = dockerfile
      .getCOPYs()
      .filter((copy) => finalStage.includes(copy) && copy.getFlags().length === 0)
      .map((copy) => copy.getArguments()[0]?.getValue() as string);
    const ignore = readFileSync(join(deploy, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/\*\*$/, ''));
    for (const source of copied) {
      expect(existsSync(join(repo, source)), `${source} exists`).toBe(true);
      expect(ignore, `${source} passes the .dockerignore`).toContain(source);
    }
    // The sources the server runs (tsx, no build), its migrations, and the core modules it imports.
    for (const needed of ['apps/server/bin', 'apps/server/src', 'apps/server/drizzle', 'packages/core/src']) {
      expect(copied).toContain(needed);
    }
    const core = JSON.parse(readFileSync(join(repo, 'packages/core/package.json'), 'utf8')) as {
      exports: Record<string, string>;
    };
    const imported = new Set<string>();
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          for (const match of readFileSync(path, 'utf8').matchAll(/from '@webnova\/core(\/[^']*)?'/g)) {
            imported.add(`.${match[1] ?? ''}`);
          }
        }
      }
    };
    walk(join(repo, 'apps/server/src'));
    for (const subpath of imported) expect(core.exports[subpath], subpath).toMatch(/^\.\/src\//);
  });
});
