/** §9: EndpointName and VariantName share this pattern: 1–63 letters, digits and inner hyphens. */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
export const SAGEMAKER_NAME_FORM =
  "1–63 letters, digits and hyphens, starting and ending with a letter or digit";

export function isSageMakerName(name: string): boolean {
  return SAGEMAKER_NAME.test(name);
}

/** §1: `endpoint/<EndpointName>/variant/<VariantName>`. */
export function resourceIdOf(endpointName: string, variantName: string): string {
  return `endpoint/${endpointName}/variant/${variantName}`;
}

export type ParsedResourceId =
  | { kind: "variant"; endpointName: string; variantName: string }
  | { kind: "inference-component"; inferenceComponentName: string }
  | { kind: "unknown"; raw: string };

export function parseResourceId(resourceId: string): ParsedResourceId {
  const variant = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(resourceId);
  if (variant) return { kind: "variant", endpointName: variant[1]!, variantName: variant[2]! };
  const ic = /^inference-component\/([^/]+)$/.exec(resourceId);
  if (ic) return { kind: "inference-component", inferenceComponentName: ic[1]! };
  return { kind: "unknown", raw: resourceId };
}
