import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const DEPLOY = fileURLToPath(new URL('../deploy', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Each kind the manifests may hold, as kubernetes-models checks it against the Kubernetes OpenAPI schemas. */
const MODELS: Record<string, (data: never) => { validate(): void }> = {
  Deployment: (data) => new Deployment(data),
  Service: (data) => new Service(data),
  Secret: (data) => new Secret(data),
  PodDisruptionBudget: (data) => new PodDisruptionBudget(data),
};

type Manifest = Record<string, unknown> & { kind: string; metadata: { name: string; labels?: Record<string, string> } };

function manifests(): Manifest[] {
  const folder = join(DEPLOY, 'kubernetes');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(folder, file), 'utf8')).map((document) => {
        expect(document.errors, file).toEqual([]);
        return document.toJSON() as Manifest;
      }),
    );
}

function validate(manifest: Manifest): void {
  const model = MODELS[manifest.kind];
  if (!model) throw new Error(`no schema for ${manifest.kind}`);
  model(manifest as never).validate();
}

const only = <T extends Manifest>(kind: string): T => {
  const found = manifests().filter((manifest) => manifest.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as T;
};

describe('the Kubernetes manifests and the image (apps/server/deploy)', () => {
  it('are valid against the Kubernetes schemas, every one of them', () => {
    const all = manifests();
    expect(all.map((manifest) => manifest.kind).sort()).toEqual([
      'Deployment',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
    for (const manifest of all) expect(() => validate(manifest), manifest.kind).not.toThrow();
  });

  it('would catch a manifest that is not valid', () => {
    const broken = structuredClone(only<Manifest & { spec: { replicas: unknown } }>('Deployment'));
    broken.spec.replicas = 'two';
    expect(() => validate(broken)).toThrow();
    const service = structuredClone(only<Manifest & { spec: { ports: Array<Record<string, unknown>> } }>('Service'));
    service.spec.ports = [{ port: 'eighty' }];
    expect(() => validate(service)).toThrow();
  });

  it('runs two or more replicas, ready on /readyz, configured from the Secret, reached by the Service', () => {
    const deployment = new Deployment(only('Deployment') as never);
    const secret = only<Manifest & { stringData: Record<string, string> }>('Secret');
    const service = new Service(only('Service') as never);
    const spec = deployment.spec;
    const pod = spec?.template.spec;
    const [container] = pod?.containers ?? [];
    expect(spec?.replicas).toBeGreaterThanOrEqual(2);
    expect(container?.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    const port = container?.ports?.find((candidate) => candidate.name === 'http');
    expect(container?.env?.find((variable) => variable.name === 'PORT')?.value).toBe(String(port?.containerPort));
    expect(container?.env?.find((variable) => variable.name === 'HOST')?.value).toBe('0.0.0.0');
    expect(container?.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(Object.keys(secret.stringData)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'WEBNOVA_SECRET_KEY']),
    );
    expect(new URL(secret.stringData.DATABASE_URL ?? '').username).toBe('webnova_app');
    // No configuration in the clear besides where to listen and how much to log.
    expect(container?.env?.map((variable) => variable.name).sort()).toEqual(['HOST', 'LOG_LEVEL', 'PORT']);
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(spec?.selector.matchLabels).toEqual(spec?.template.metadata?.labels);
    expect(service.spec?.selector).toEqual(spec?.selector.matchLabels);
    expect(service.spec?.ports?.[0]?.targetPort).toBe('http');
  });

  it('builds an image that runs the server as a non-root user on the port the manifests name', () => {
    const dockerfile = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) (\S+)$/gm)].flatMap((match) =>
      (match[1] ?? '').split(' '),
    );
    expect(copied.length).toBeGreaterThan(5);
    for (const path of copied) expect(existsSync(join(ROOT, path)), path).toBe(true);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "apps\/server\/bin\/webnova-server\.mjs"\]$/m);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    const deployment = new Deployment(only('Deployment') as never);
    const port = deployment.spec?.template.spec?.containers[0]?.ports?.[0]?.containerPort;
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
  });
});
