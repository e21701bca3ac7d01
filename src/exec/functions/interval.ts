// Functions of ANSI intervals: make_dt_interval, make_ym_interval, and the fields EXTRACT /
// date_part read from an interval (Spark's ExtractANSIInterval* expressions).

import {
  ByteType, DAY, DataType, DayTimeIntervalType, HOUR, IntegerType, IntervalType, MINUTE, MONTH, SECOND, YEAR, YearMonthIntervalType,
  decimalType, isIntegral, typeToString,
} from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { getScalar } from '../../common/vector.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE } from '../../common/interval_text.js';
import { wrongArgs } from './conditional.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';
import { mapRows } from './kernels.js';

/** Field spellings date_part accepts, by the interval field they read. */
const FIELD_SPELLINGS: Record<string, { kind: IntervalType['kind']; field: number }> = {};
for (const [names, kind, field] of [
  [['YEAR', 'Y', 'YEARS', 'YR', 'YRS'], 'interval_ym', YEAR], [['MONTH', 'MON', 'MONS', 'MONTHS'], 'interval_ym', MONTH],
  [['DAY', 'D', 'DAYS'], 'interval_dt', DAY], [['HOUR', 'H', 'HOURS', 'HR', 'HRS'], 'interval_dt', HOUR],
  [['MINUTE', 'M', 'MIN', 'MINS', 'MINUTES'], 'interval_dt', MINUTE], [['SECOND', 'S', 'SEC', 'SECONDS', 'SECS'], 'interval_dt', SECOND],
] as const) {
  for (const name of names) FIELD_SPELLINGS[name] = { kind, field };
}

/** Each field's value and type: years int, months tinyint; days int, hours and minutes tinyint, seconds decimal(8,6). */
function fieldReader(kind: IntervalType['kind'], field: number): { type: DataType; read: (value: number) => number } {
  if (kind === 'interval_ym') return field === YEAR ? { type: IntegerType, read: (m) => Math.trunc(m / 12) } : { type: ByteType, read: (m) => m % 12 };
  switch (field) {
    case DAY: return { type: IntegerType, read: (us) => Math.trunc(us / MICROS_PER_DAY) };
    case HOUR: return { type: ByteType, read: (us) => Math.trunc((us % MICROS_PER_DAY) / MICROS_PER_HOUR) };
    case MINUTE: return { type: ByteType, read: (us) => Math.trunc((us % MICROS_PER_HOUR) / MICROS_PER_MINUTE) };
    default: return { type: decimalType(8, 6), read: (us) => us % MICROS_PER_MINUTE }; // unscaled at scale 6
  }
}

/** date_part(field, interval): the field, if the interval's type spans it. */
export function intervalPart(fieldName: string | null, source: IntervalType): BoundScalarFunction {
  const spelled = fieldName === null ? undefined : FIELD_SPELLINGS[fieldName.toUpperCase()];
  if (!spelled || spelled.kind !== source.kind || spelled.field < source.startField || spelled.field > source.endField) {
    throw new QuarryError(SqlState.syntaxError,
      `[INVALID_EXTRACT_FIELD] Cannot extract ${fieldName ?? 'a non-constant field'} from ${typeToString(source).toUpperCase()}.`, undefined, 'INVALID_EXTRACT_FIELD');
  }
  const { type, read } = fieldReader(source.kind, spelled.field);
  return {
    name: 'date_part', argTypes: [{ kind: 'string' }, source], returnType: type, display: callDisplay('date_part'),
    evaluate: (args, n) => mapRows(type, args, n, (i) => read(getScalar(args[1], i) as number)),
  };
}

function integralArguments(name: string, types: readonly DataType[], max: number): DataType[] {
  if (types.length > max) throw wrongArgs(name, max, types.length);
  return types.map((t) => (isIntegral(t) || t.kind === 'null' || t.kind === 'string' ? IntegerType : t));
}

const overflow = (type: DataType) => new QuarryError(SqlState.numericValueOutOfRange,
  `[ARITHMETIC_OVERFLOW] ${typeToString(type)} overflow. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`, undefined, 'ARITHMETIC_OVERFLOW');

/** make_ym_interval([years[, months]]): INTERVAL YEAR TO MONTH. */
const makeYearMonthInterval: ScalarFunction = {
  name: 'make_ym_interval',
  bind(types) {
    const argTypes = integralArguments('make_ym_interval', types, 2);
    return {
      name: 'make_ym_interval', argTypes, returnType: YearMonthIntervalType, display: callDisplay('make_ym_interval'),
      evaluate: (args, n) => mapRows(YearMonthIntervalType, args, n, (i) => {
        const [years, months] = [0, 1].map((k) => (args[k] ? Number(getScalar(args[k], i)) : 0));
        const total = years * 12 + months;
        if (Math.abs(total) > 2147483647) throw overflow(YearMonthIntervalType);
        return total;
      }),
    };
  },
};

/** make_dt_interval([days[, hours[, mins[, secs]]]]): INTERVAL DAY TO SECOND, seconds as decimal(18,6). */
const makeDayTimeInterval: ScalarFunction = {
  name: 'make_dt_interval',
  bind(types) {
    if (types.length > 4) throw wrongArgs('make_dt_interval', 4, types.length);
    const seconds = decimalType(18, 6);
    const argTypes = types.map((_, k) => (k === 3 ? seconds : IntegerType));
    return {
      name: 'make_dt_interval', argTypes, returnType: DayTimeIntervalType, display: callDisplay('make_dt_interval'),
      evaluate: (args, n) => mapRows(DayTimeIntervalType, args, n, (i) => {
        const [days, hours, minutes] = [0, 1, 2].map((k) => (args[k] ? Number(getScalar(args[k], i)) : 0));
        const micros = args[3] ? Number(getScalar(args[3], i)) : 0; // decimal(18,6) unscaled: microseconds
        const total = days * MICROS_PER_DAY + hours * MICROS_PER_HOUR + minutes * MICROS_PER_MINUTE + micros;
        if (Math.abs(total) > 9223372036854775807) throw overflow(DayTimeIntervalType);
        return total;
      }),
    };
  },
};

export const intervalFunctions: ScalarFunction[] = [makeYearMonthInterval, makeDayTimeInterval];
