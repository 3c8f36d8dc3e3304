/** The image of every service of the reference stack. */
export interface StackImages {
  prometheus: string;
  alertmanager: string;
  grafana: string;
  app: string;
  receiver: string;
}

/** The environment variable that selects each image (docs/dev/contracts-internal.md). */
export const IMAGE_ENV_VARS = {
  prometheus: 'PROMETHEUS_IMAGE',
  alertmanager: 'ALERTMANAGER_IMAGE',
  grafana: 'GRAFANA_IMAGE',
  app: 'APP_IMAGE',
  receiver: 'RECEIVER_IMAGE',
} as const satisfies Record<keyof StackImages, string>;

/**
 * Pinned official images (the same as images/official.env). The app and the receiver are always built locally
 * (scripts/build-images.sh).
 */
export const DEFAULT_IMAGES: Readonly<StackImages> = Object.freeze({
  prometheus: 'prom/prometheus:v3.5.0',
  alertmanager: 'prom/alertmanager:v0.28.1',
  grafana: 'grafana/grafana:12.2.0',
  app: 'mcp-memory-server:1.0.0',
  receiver: 'checklist-local/alert-receiver:1',
});

/** Images from PROMETHEUS_IMAGE, ALERTMANAGER_IMAGE, GRAFANA_IMAGE, APP_IMAGE, RECEIVER_IMAGE; unset or empty → default. */
export function stackImagesFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): StackImages {
  const pick = (service: keyof StackImages): string => {
    const value = env[IMAGE_ENV_VARS[service]]?.trim();
    return value ? value : DEFAULT_IMAGES[service];
  };
  return {
    prometheus: pick('prometheus'),
    alertmanager: pick('alertmanager'),
    grafana: pick('grafana'),
    app: pick('app'),
    receiver: pick('receiver'),
  };
}

/**
 * A hint for a failed start: an image that is neither present locally nor pullable is the usual cause on machines
 * without registry access. Empty when the image is present (the failure lies elsewhere).
 */
export async function missingImageHint(image: string): Promise<string> {
  // testcontainers on demand: a run that starts no container does not load it (~0.5 s of CPU).
  const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
  try {
    const client = await getContainerRuntimeClient();
    if (await client.image.exists(ImageName.fromString(image))) return '';
  } catch {
    return '';
  }
  return ` (image ${image} is not present locally and could not be pulled: build the local images with scripts/build-images.sh and select them with images/local.env)`;
}

/** Each image with its id (`name@sha256:...`), from the engine; an image the engine lacks reads "(not present)". */
export async function imageIds(images: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const entries = await Promise.all(
    Object.entries(images).map(async ([service, name]) => {
      try {
        const info = await dockerode.getImage(name).inspect();
        return [service, `${name} (${info.Id})`] as const;
      } catch {
        return [service, `${name} (not present)`] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}
