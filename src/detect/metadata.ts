// Custom metadata of an ONNX model (Ultralytics and YOLOv5 exports write class names, input size
// and stride there). onnxruntime does not expose it, so the model bytes are decoded here.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** The model's metadata_props as a plain map. */
export function readMetadataProps(modelBytes: Uint8Array): Record<string, string> {
  const model = onnx.ModelProto.decode(modelBytes);
  const props: Record<string, string> = {};
  for (const { key, value } of model.metadataProps ?? []) if (key) props[key] = value ?? '';
  return props;
}

/** A Python string literal as written by repr(): '...' or "..." with backslash escapes. */
const PY_STRING = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`;

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

/**
 * Class names from the `names` property: a Python dict repr "{0: 'head', 1: 'helmet'}"
 * (Ultralytics, YOLOv5 ≥ 7) or a list repr "['head', 'helmet']" (older YOLOv5). Returns
 * undefined when the text is neither or the dict ids are not 0..n-1.
 */
export function parseClassNames(text: string | undefined): string[] | undefined {
  const s = text?.trim();
  if (!s) return undefined;
  if (s.startsWith('{')) {
    const names: string[] = [];
    for (const m of s.matchAll(new RegExp(String.raw`(\d+)\s*:\s*(${PY_STRING})`, 'g'))) {
      names[Number(m[1])] = unquote(m[2]);
    }
    const complete =
      names.length > 0 && Array.from({ length: names.length }, (_, i) => names[i]).every((n) => n !== undefined);
    return complete ? names : undefined;
  }
  if (s.startsWith('[')) {
    const names = [...s.matchAll(new RegExp(PY_STRING, 'g'))].map((m) => unquote(m[0]));
    return names.length ? names : undefined;
  }
  return undefined;
}

/** Input size from `imgsz`: "[320, 320]" (height, width) or "640". */
export function parseImgsz(text: string | undefined): { height: number; width: number } | undefined {
  const nums = (text ?? '').match(/\d+/g)?.map(Number) ?? [];
  if (nums.length === 1) return { height: nums[0], width: nums[0] };
  if (nums.length === 2) return { height: nums[0], width: nums[1] };
  return undefined;
}

/** Ultralytics writes `end2end: True` for NMS-free exports; absent on older exports. */
export function parseEnd2End(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  return /^true$/i.test(text.trim());
}
