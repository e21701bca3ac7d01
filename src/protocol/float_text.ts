// float4/float8 text output as Postgres writes it (float4out/float8out with extra_float_digits
// >= 1, the default since Postgres 12): the shortest digits that read back to the same value, in
// fixed notation when the decimal exponent is in [-4, 15) for float8 or [-4, 6) for float4, else
// `d.ddde±XX` with at least two exponent digits. JS finds the same shortest digits; only the
// layout differs (JS prints 1e20 as `100000000000000000000`, Postgres as `1e+20`).

export function formatFloat8(x: number): string {
  const a = Math.abs(x);
  // In this range both print the shortest digits in fixed notation: String() is already right.
  if (a >= 1e-4 && a < 1e15) return String(x);
  const special = specialText(x);
  if (special !== null) return special;
  // toExponential() without an argument yields the shortest round-trip digits.
  return layout(x < 0, Math.abs(x).toExponential(), 15);
}

export function formatFloat4(x: number): string {
  const special = specialText(x);
  if (special !== null) return special;
  const a = Math.abs(Math.fround(x));
  // The first precision whose correctly rounded digits read back as the same float32. (Ryu may
  // pick a different, equally short string at a power-of-two boundary; the value is the same.)
  let text = a.toExponential(8);
  for (let p = 1; p < 9; p++) {
    const candidate = a.toExponential(p - 1);
    if (Math.fround(Number(candidate)) === a) {
      text = candidate;
      break;
    }
  }
  return layout(x < 0, text, 6);
}

function specialText(x: number): string | null {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return null;
}

/** Lays out `d.ddde±N` (JS exponential form of a positive number) the way Postgres prints it. */
function layout(negative: boolean, exponential: string, fixedBelow: number): string {
  const e = exponential.indexOf('e');
  let digits = exponential.slice(0, e).replace('.', '');
  const exponent = Number(exponential.slice(e + 1));
  digits = digits.replace(/0+$/, '') || '0';
  const n = digits.length;
  let text: string;
  if (exponent >= -4 && exponent < fixedBelow) {
    if (exponent < 0) text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
    else if (n <= exponent + 1) text = digits + '0'.repeat(exponent + 1 - n);
    else text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  } else {
    const mantissa = n > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    text = `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return negative ? `-${text}` : text;
}
