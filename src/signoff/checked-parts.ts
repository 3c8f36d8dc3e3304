/** What the run verified (versions read from the parts, images, mode); see run/checked.ts. */
export interface CheckedParts {
  mode: string;
  prometheus: { url: string; version: string };
  alertmanager: { url: string; version: string };
  grafana: { url: string; product: string; version: string; standIn: boolean };
  app: { url: string; job: string };
  images: Record<string, string>;
  attestations: { file: string | null; sample: boolean };
}
