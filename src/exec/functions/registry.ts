// Every built-in function, registered in one list: the analyzer looks names up here.

import { AggregateFunction } from '../aggregates/aggregate_function.js';
import { distinctAggregate } from '../aggregates/distinct.js';
import { DataType, DoubleType } from '../../common/types.js';
import { Scalar } from '../../common/vector.js';
import { count } from '../aggregates/count.js';
import { max, min } from '../aggregates/min_max.js';
import { avg, sum } from '../aggregates/sum_avg.js';
import { statistics } from '../aggregates/statistics.js';
import { booleanAndPickAggregates } from '../aggregates/boolean_and_pick.js';
import { collectAggregates } from '../aggregates/collect.js';
import { momentAggregates } from '../aggregates/moments.js';
import { arithmeticFunctions } from './arithmetic.js';
import { arrayFunctions } from './array.js';
import { mapFunctions } from './map.js';
import { jsonConversionFunctions } from './json_convert.js';
import { HIGHER_ORDER_FUNCTIONS } from './higher_order.js';
import { MAP_HIGHER_ORDER_FUNCTIONS } from './map_higher_order.js';
import { comparisonFunctions } from './comparison.js';
import { conditionalFunctions } from './conditional.js';
import { datetimeFunctions } from './datetime.js';
import { timeFunctions } from './time.js';
import { intervalFunctions } from './interval.js';
import { BindSettings, BoundScalarFunction, ScalarFunction } from './function.js';
import { logicalFunctions } from './logical.js';
import { mathFunctions } from './math.js';
import { miscFunctions } from './misc.js';
import { postgresFunctions } from './postgres.js';
import { jsonFunctions } from './json.js';
import { structFunctions } from './struct.js';
import { bitwiseFunctions } from './bitwise.js';
import { stringFunctions } from './string.js';
import { binaryFunctions } from './binary.js';
import { numberFormatFunctions } from './number_format.js';
import { histogramNumeric } from '../aggregates/histogram.js';

const scalarFunctions = new Map<string, ScalarFunction>();
const aggregateFunctions = new Map<string, AggregateFunction>();

function register<T extends { name: string; aliases?: readonly string[] }>(into: Map<string, T>, fns: readonly T[]): void {
  for (const fn of fns) for (const name of [fn.name, ...(fn.aliases ?? [])]) into.set(name, fn);
}

register(scalarFunctions, [
  ...arithmeticFunctions, ...comparisonFunctions, ...logicalFunctions, ...conditionalFunctions,
  ...stringFunctions, ...mathFunctions, ...datetimeFunctions, ...intervalFunctions, ...miscFunctions, ...arrayFunctions, ...postgresFunctions, ...jsonFunctions, ...structFunctions, ...bitwiseFunctions,
  ...binaryFunctions, ...numberFormatFunctions, ...timeFunctions,
  // After the array functions: element_at, size… are registered again with their map forms.
  ...mapFunctions, ...jsonConversionFunctions,
]);
/**
 * approx_count_distinct(x [, rsd]): Spark's HyperLogLog++ counts small sets exactly, and Quarry
 * counts every set exactly: count(DISTINCT x).
 */
const approxCountDistinct: AggregateFunction = {
  name: 'approx_count_distinct',
  bind(types) {
    const bound = distinctAggregate(count.bind(types.slice(0, 1)));
    return { ...bound, name: 'approx_count_distinct', argTypes: [types[0], ...types.slice(1).map(() => DoubleType)] , createAccumulator: () => {
      const inner = bound.createAccumulator();
      return { update: (args, g, n, groups, ctx) => inner.update(args.slice(0, 1), g, n, groups, ctx), finish: (groups, ctx) => inner.finish(groups, ctx) };
    } };
  },
};

register(aggregateFunctions, [count, sum, avg, min, max, ...statistics, ...booleanAndPickAggregates, ...collectAggregates, ...momentAggregates, approxCountDistinct, histogramNumeric]);

export function lookupScalarFunction(name: string): ScalarFunction | undefined {
  const fn = scalarFunctions.get(name.toLowerCase());
  return fn && recordingBinds(fn);
}

/**
 * What a bound function was bound from: enough for another thread to bind the same function
 * again (bound functions hold closures, which cannot cross to a worker).
 */
export interface BindingRecipe {
  readonly name: string;
  readonly argTypes: readonly DataType[];
  readonly constants?: readonly (Scalar | undefined)[];
  readonly settings?: BindSettings;
}

const recipes = new WeakMap<BoundScalarFunction, BindingRecipe>();
const recorders = new Map<ScalarFunction, ScalarFunction>();

function recordingBinds(fn: ScalarFunction): ScalarFunction {
  let recorder = recorders.get(fn);
  if (!recorder) {
    recorder = {
      name: fn.name, aliases: fn.aliases,
      bind(argTypes, constants, settings) {
        const bound = fn.bind(argTypes, constants, settings);
        if (!recipes.has(bound)) recipes.set(bound, { name: fn.name, argTypes, constants, settings });
        return bound;
      },
    };
    recorders.set(fn, recorder);
  }
  return recorder;
}

/** How `fn` was bound, when it came from this registry. */
export const bindingRecipeOf = (fn: BoundScalarFunction): BindingRecipe | undefined => recipes.get(fn);

/** The function a recipe describes, bound again. */
export function bindFromRecipe(recipe: BindingRecipe): BoundScalarFunction {
  const fn = scalarFunctions.get(recipe.name);
  if (!fn) throw new Error(`no scalar function ${recipe.name}`);
  return fn.bind(recipe.argTypes, recipe.constants, recipe.settings);
}

export function lookupAggregateFunction(name: string): AggregateFunction | undefined {
  return aggregateFunctions.get(name.toLowerCase());
}

/** Every built-in function name, sorted (SHOW FUNCTIONS). */
export function functionNames(): string[] {
  // Higher-order functions are bound by the analyzer (their lambdas), not registered, but are functions all the same.
  return [...new Set([...scalarFunctions.keys(), ...aggregateFunctions.keys(), ...HIGHER_ORDER_FUNCTIONS, ...MAP_HIGHER_ORDER_FUNCTIONS])].sort();
}
