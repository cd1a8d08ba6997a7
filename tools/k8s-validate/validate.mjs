// Validates Kubernetes manifests offline against the Kubernetes API schemas, with no cluster:
//   kubectl kustomize deploy/k8s/overlays/production | node tools/k8s-validate/validate.mjs
//   node tools/k8s-validate/validate.mjs FILE.yaml...
// Two checks per object, both from schemas generated from the Kubernetes OpenAPI document:
//   1. kubernetes-models: its Ajv-compiled JSON schema of the kind (required fields, types, enums, formats);
//   2. @kubernetes/client-node's model type maps: every field must be one the API knows, at any depth. The JSON schemas
//      allow unknown fields, which the API server refuses (kubectl's default field validation is Strict) or, in
//      older servers, silently drops: a misspelt probe or limit would otherwise pass.
// Prints one line per object ("ok Kind/name" or "error Kind/name: …") and exits 1 if any object failed.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const modelsDir = "@kubernetes/client-node/dist/gen/models";
const primitives = new Set(["string", "number", "boolean", "Date", "IntOrString", "any", "object"]);
const typeMaps = new Map();

async function typeMap(name) {
  if (!typeMaps.has(name)) {
    const module = await import(`${modelsDir}/${name}.js`).catch(() => null);
    typeMaps.set(name, module?.[name]?.getAttributeTypeMap?.() ?? null);
  }
  return typeMaps.get(name);
}

// "apps/v1" + "Deployment" -> V1Deployment; "autoscaling/v2" -> V2HorizontalPodAutoscaler; "v1" -> V1Service.
function modelName(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  return version[0].toUpperCase() + version.slice(1) + kind;
}

async function unknownFields(value, type, path, problems) {
  if (value === null || value === undefined || primitives.has(type)) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return problems.push(`${path}: expected a list`);
    for (const [i, item] of value.entries()) await unknownFields(item, array[1], `${path}[${i}]`, problems);
    return;
  }
  const dictionary = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (dictionary) {
    if (typeof value !== "object" || Array.isArray(value)) return problems.push(`${path}: expected a map`);
    for (const [k, v] of Object.entries(value)) await unknownFields(v, dictionary[1], `${path}.${k}`, problems);
    return;
  }
  const attributes = await typeMap(type);
  if (!attributes) return problems.push(`${path}: no schema for type ${type}`);
  if (typeof value !== "object" || Array.isArray(value)) return problems.push(`${path}: expected an object (${type})`);
  for (const [key, child] of Object.entries(value)) {
    const attribute = attributes.find(a => a.baseName === key);
    if (!attribute) problems.push(`${path}.${key}: unknown field (not in ${type})`);
    else await unknownFields(child, attribute.type, `${path}.${key}`, problems);
  }
}

async function validate(object) {
  const problems = [];
  const { apiVersion, kind } = object ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["apiVersion and kind are required"];
  if (!object.metadata?.name) problems.push("metadata.name is required");
  const group = apiVersion.includes("/") ? apiVersion : `v1`;
  const model = await import(`kubernetes-models/${group}/${kind}`).catch(() => null);
  if (!model?.[kind]) return [...problems, `no schema for ${apiVersion} ${kind}`];
  try {
    new model[kind](object).validate();
  } catch (e) {
    problems.push(...String(e.message ?? e).split(/,\s*(?=data)/).map(m => m.trim()));
  }
  const root = modelName(apiVersion, kind);
  if (!(await typeMap(root))) problems.push(`no field list for ${root}`);
  else await unknownFields(object, root, "", problems);
  return problems;
}

const inputs = process.argv.length > 2
  ? process.argv.slice(2).map(f => [f, readFileSync(f, "utf8")])
  : [["<stdin>", readFileSync(0, "utf8")]];
let failed = 0, count = 0;
for (const [file, text] of inputs) {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) { failed++; console.log(`error ${file}: YAML: ${doc.errors.map(e => e.message).join("; ")}`); continue; }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    count++;
    const name = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    const problems = await validate(object);
    if (problems.length) { failed++; console.log(`error ${name}: ${problems.join("; ")}`); }
    else console.log(`ok ${name}`);
  }
}
console.log(`${count} objects, ${failed} invalid`);
process.exit(failed || count === 0 ? 1 : 0);
