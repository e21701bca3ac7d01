// AND, OR, NOT, IS [NOT] NULL, IN and LIKE with SQL's three-valued logic.

import { BooleanType, DataType, StringType, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Vector, entryWise, getScalar, isDictionary, isNullAt, stringValues } from '../../common/vector.js';
import { numbers } from './kernels.js';
import { commonTypeOf } from './coercion.js';
import { compareValues } from './comparison.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';

/** Boolean operands; strings are cast implicitly, as ANSI coercion allows ('true' AND x). */
function requireBoolean(name: string, types: readonly DataType[]): void {
  for (const t of types) {
    if (t.kind !== 'boolean' && t.kind !== 'null' && t.kind !== 'string') {
      throw new QuarryError(SqlState.datatypeMismatch,
        `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The ${name} operator requires boolean operands, not ${typeToString(t).toUpperCase()}.`);
    }
  }
}

const bool = (v: Vector, i: number): boolean | null => (isNullAt(v, i) ? null : (v.data as Uint8Array)[i] === 1);

function connective(name: 'and' | 'or'): ScalarFunction {
  const isAnd = name === 'and';
  return {
    name,
    bind(types): BoundScalarFunction {
      requireBoolean(name.toUpperCase(), types);
      return {
        name, argTypes: [BooleanType, BooleanType], returnType: BooleanType,
        display: (args) => `(${args[0]} ${name.toUpperCase()} ${args[1]})`,
        evaluate(args, n) {
          const [a, b] = args;
          const out = new Uint8Array(n);
          let validity: Uint8Array | null = null;
          if (a.validity === null && b.validity === null && a.type.kind === 'boolean' && b.type.kind === 'boolean') {
            // No NULLs: plain bitwise logic on the 0/1 bytes.
            const x = a.data as Uint8Array, y = b.data as Uint8Array;
            if (isAnd) for (let i = 0; i < n; i++) out[i] = x[i] & y[i];
            else for (let i = 0; i < n; i++) out[i] = x[i] | y[i];
            return { type: BooleanType, length: n, data: out, validity };
          }
          for (let i = 0; i < n; i++) {
            const x = bool(a, i), y = bool(b, i);
            // AND: false wins over NULL; OR: true wins over NULL.
            const decided = isAnd ? x === false || y === false : x === true || y === true;
            if (decided) { out[i] = isAnd ? 0 : 1; continue; }
            if (x === null || y === null) {
              validity ??= new Uint8Array(n).fill(1);
              validity[i] = 0;
              continue;
            }
            out[i] = isAnd ? 1 : 0;
          }
          return { type: BooleanType, length: n, data: out, validity };
        },
      };
    },
  };
}

const not: ScalarFunction = {
  name: 'not',
  bind(types) {
    requireBoolean('NOT', types);
    return {
      name: 'not', argTypes: [BooleanType], returnType: BooleanType, display: (args) => `(NOT ${args[0]})`,
      evaluate([a], n) {
        const out = new Uint8Array(n);
        const src = a.data as Uint8Array | null;
        if (src) for (let i = 0; i < n; i++) out[i] = src[i] ^ 1;
        return { type: BooleanType, length: n, data: out, validity: a.type.kind === 'null' ? new Uint8Array(n) : a.validity };
      },
    };
  },
};

function nullTest(name: 'isnull' | 'isnotnull'): ScalarFunction {
  return {
    name,
    bind(types) {
      return {
        name, argTypes: [types[0]], returnType: BooleanType,
        display: (args) => `(${args[0]} IS ${name === 'isnull' ? '' : 'NOT '}NULL)`,
        evaluate([a], n) {
          const out = new Uint8Array(n);
          const present = name === 'isnotnull' ? 1 : 0;
          for (let i = 0; i < n; i++) out[i] = isNullAt(a, i) ? 1 - present : present;
          return { type: BooleanType, length: n, data: out, validity: null };
        },
      };
    },
  };
}

/** `in(value, e1, e2, …)`: true on a match, NULL when no match but a NULL was involved. */
const inList: ScalarFunction = {
  name: 'in',
  bind(types) {
    const common = commonTypeOf(types, 'IN');
    return {
      name: 'in', argTypes: types.map(() => common), returnType: BooleanType,
      display: (args) => `(${args[0]} IN (${args.slice(1).join(', ')}))`,
      evaluate(args, n) {
        const fast = inConstants(args, n);
        if (fast) return fast;
        const out = new Uint8Array(n);
        let validity: Uint8Array | null = null;
        const setNull = (i: number) => { validity ??= new Uint8Array(n).fill(1); validity[i] = 0; };
        for (let i = 0; i < n; i++) {
          if (isNullAt(args[0], i)) { setNull(i); continue; }
          const x = getScalar(args[0], i);
          let sawNull = false;
          for (let k = 1; k < args.length; k++) {
            if (isNullAt(args[k], i)) { sawNull = true; continue; }
            if (compareValues(x, getScalar(args[k], i)) === 0) { out[i] = 1; break; }
          }
          if (out[i] === 0 && sawNull) setNull(i);
        }
        return { type: BooleanType, length: n, data: out, validity };
      },
    };
  },
};

/**
 * `x IN (constants)`, the usual form: a set lookup per row (per distinct string for dictionary
 * codes). Null when a list item is not one value on every row, or is NULL, or the types do not
 * allow it; the general loop then decides.
 */
function inConstants(args: readonly Vector[], n: number): Vector | null {
  if (n === 0) return null;
  const list: unknown[] = [];
  for (let k = 1; k < args.length; k++) {
    const v = args[k];
    if (v.validity !== null || v.data === null || isDictionary(v.data)) return null;
    const values = v.data as ArrayLike<unknown>;
    const first = values[0];
    for (let i = 1; i < n; i++) if (values[i] !== first) return null;
    list.push(first);
  }
  const x = args[0];
  const out = new Uint8Array(n);
  const nums = numbers(x);
  if (nums !== null && list.every((v) => typeof v === 'number')) {
    // A Set compares by SameValueZero: NaN matches NaN and -0 matches 0, as Spark's IN does.
    const set = new Set(list as number[]);
    for (let i = 0; i < n; i++) out[i] = set.has(nums[i]) ? 1 : 0;
  } else if (x.type.kind === 'string' && list.every((v) => typeof v === 'string')) {
    const set = new Set(list as string[]);
    const coded = entryWise(x, n);
    if (coded !== null) {
      const { dictionary, codes } = coded;
      const member = Uint8Array.from(dictionary, (s) => (set.has(s) ? 1 : 0));
      for (let i = 0; i < n; i++) out[i] = member[codes[i]];
    } else {
      const values = stringValues(x);
      for (let i = 0; i < n; i++) out[i] = set.has(values[i]) ? 1 : 0;
    }
  } else {
    return null;
  }
  return { type: BooleanType, length: n, data: out, validity: x.validity === null ? null : x.validity.slice(0, n) };
}

/**
 * SQL LIKE pattern (with an escape character) → an anchored regular expression. As in Spark, the
 * escape may only precede _, % or itself (ESC_IN_THE_MIDDLE) and may not end the pattern (ESC_AT_THE_END).
 */
export function likeToRegExp(pattern: string, escape = '\\', caseInsensitive = false): RegExp {
  let source = '';
  const invalid = (sub: string, detail: string) => new QuarryError(SqlState.syntaxError,
    `[INVALID_FORMAT.${sub}] The format is invalid: '${pattern}'. ${detail}`, undefined, `INVALID_FORMAT.${sub}`);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === escape) {
      if (i + 1 >= pattern.length) throw invalid('ESC_AT_THE_END', 'The escape character is not allowed to end with.');
      const next = pattern[++i];
      if (next !== '_' && next !== '%' && next !== escape) throw invalid('ESC_IN_THE_MIDDLE', `The escape character is not allowed to precede '${next}'.`);
      source += escapeRegExp(next);
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'iu' : 'u');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function patternMatch(name: 'like' | 'ilike' | 'rlike' | 'rlike_ci'): ScalarFunction {
  return {
    name,
    aliases: name === 'rlike' ? ['regexp', 'regexp_like'] : [],
    bind(types) {
      return {
        name, argTypes: [StringType, StringType, ...types.slice(2).map(() => StringType)], returnType: BooleanType,
        display: callDisplay(name),
        evaluate(args, n) {
          const out = new Uint8Array(n);
          const cache = new Map<string, (s: string) => boolean>();
          const matcherFor = (i: number) => {
            const pattern = getScalar(args[1], i) as string;
            let match = cache.get(pattern);
            if (!match) {
              const escape = args.length > 2 ? (getScalar(args[2], i) as string) : '\\';
              match = name === 'rlike' || name === 'rlike_ci' ? regExpMatcher(new RegExp(pattern, name === 'rlike' ? 'u' : 'iu'))
                : likeMatcher(pattern, escape, name === 'ilike');
              cache.set(pattern, match);
            }
            return match;
          };
          const coded = entryWise(args[0], n);
          if (coded !== null && args.length === 2 && constantString(args[1], n)) {
            // One pattern over coded strings: each distinct string is matched once.
            const match = matcherFor(0);
            const results = Uint8Array.from(coded.dictionary, (v) => (match(v) ? 1 : 0));
            for (let i = 0; i < n; i++) out[i] = results[coded.codes[i]];
          } else {
            const values = stringValues(args[0]);
            for (let i = 0; i < n; i++) {
              if (isNullAt(args[0], i) || isNullAt(args[1], i)) continue;
              out[i] = matcherFor(i)(values[i]) ? 1 : 0;
            }
          }
          const validity = new Uint8Array(n);
          for (let i = 0; i < n; i++) validity[i] = isNullAt(args[0], i) || isNullAt(args[1], i) ? 0 : 1;
          return { type: BooleanType, length: n, data: out, validity: validity.includes(0) ? validity : null };
        },
      };
    },
  };
}

const regExpMatcher = (re: RegExp) => (s: string) => re.test(s);

/** Whether a string vector holds one non-NULL value on every row (a literal). */
function constantString(v: Vector, n: number): boolean {
  if (v.validity !== null || !Array.isArray(v.data) || n === 0) return false;
  const values = v.data as string[];
  for (let i = 1; i < n; i++) if (values[i] !== values[0]) return false;
  return true;
}

/**
 * A LIKE pattern as a test. Patterns of literal text and % only (most of them: '%special%requests%',
 * 'PROMO%') are matched by prefix, suffix and indexOf, not by a regular expression.
 */
function likeMatcher(pattern: string, escape: string, caseInsensitive: boolean): (s: string) => boolean {
  if (caseInsensitive || pattern.includes('_') || pattern.includes(escape)) return regExpMatcher(likeToRegExp(pattern, escape, caseInsensitive));
  const parts = pattern.split('%');
  if (parts.length === 1) return (s) => s === pattern;
  const first = parts[0], last = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((p) => p.length > 0);
  return (s) => {
    if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
    const end = s.length - last.length;
    let position = first.length;
    for (const m of middle) {
      const k = s.indexOf(m, position);
      if (k < 0 || k + m.length > end) return false;
      position = k + m.length;
    }
    return true;
  };
}

export const logicalFunctions: ScalarFunction[] = [
  connective('and'), connective('or'), not, nullTest('isnull'), nullTest('isnotnull'), inList,
  patternMatch('like'), patternMatch('ilike'), patternMatch('rlike'), patternMatch('rlike_ci'),
];
