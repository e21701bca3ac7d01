// AST expressions → typed logical expressions: names resolved against a scope, operators and
// functions bound to their implementations with Spark's implicit casts inserted.

import * as ast from '../../parser/ast.js';
import {
  ArrayType, BooleanType, DAY, DataType, IntegerType, LongType, MapType, NullType, StringType, arrayType, containsMap, isIntegral, isNumeric, mapType, structType,
  typeToSql, typeToString, typesEqualStructurally,
} from '../../common/types.js';
import { commonType } from '../../exec/functions/coercion.js';
import type { GeneratorKind } from '../../exec/operators/generate.js';
import { QuarryError, SqlState, notSupported } from '../../common/errors.js';
import { TimeZone } from '../../common/time_zone.js';
import { Scalar } from '../../common/vector.js';
import { lookupAggregateFunction, lookupScalarFunction } from '../../exec/functions/registry.js';
import type { BindSettings } from '../../exec/functions/function.js';
import { HIGHER_ORDER_FUNCTIONS, HigherOrderName, higherOrderFunction } from '../../exec/functions/higher_order.js';
import { MAP_HIGHER_ORDER_FUNCTIONS, MapHigherOrderName, mapHigherOrderFunction } from '../../exec/functions/map_higher_order.js';
import type { ObjectKind } from '../../catalog/index.js';
import { distinctAggregate } from '../../exec/aggregates/distinct.js';
import {
  AggregateCall, Attribute, Expr, GeneratorCall, Literal, WindowCall, aggregateToString, castTo, columnRef, literal, newAttribute, referencedAttributes, transformExpr,
} from '../expressions.js';
import type { Frame, FrameBound } from '../../exec/operators/window.js';
import { bindLiteral } from './literals.js';
import { CATALOG_MACROS, expandMacro } from './catalog_macros.js';
import { foldConstants } from '../optimizer/constant_folding.js';
import type { LoadedModel } from '../../ml/index.js';
import { MODEL_FUNCTIONS, NamedInput, modelInputs, predictArguments, predictFunction } from './models.js';
import { LogicalPlan, outputOf, planChildren } from '../logical_plan.js';
import { mapNodeExpressions } from '../optimizer/plan_rewrite.js';
import { columnName, recordArithmeticTypes, recordOuterReferences } from './naming.js';
import { Scope } from './scope.js';
import { walkAst } from '../../parser/walk.js';
import { isDeterministic } from '../optimizer/push_down_filters.js';

/** Collects the aggregate calls of a query block; each becomes an output column of the Aggregate. */
export class AggregateCollector {
  readonly calls: AggregateCall[] = [];
  readonly attributes: Attribute[] = [];

  /** `name` is the call as written (`stddev(v)`), which Spark uses as the column name. */
  add(call: AggregateCall, name: string): Attribute {
    const text = aggregateToString(call);
    const existing = this.calls.findIndex((c, i) => aggregateToString(c) === text && this.attributes[i].name === name);
    if (existing >= 0) return this.attributes[existing];
    const attribute = newAttribute(name, call.fn.returnType);
    this.calls.push(call);
    this.attributes.push(attribute);
    return attribute;
  }
}

/** Collects the window function calls of a query block; each becomes a column of the Window node. */
export class WindowCollector {
  readonly calls: WindowCall[] = [];
  readonly attributes: Attribute[] = [];

  add(call: WindowCall, name: string): Attribute {
    const attribute = newAttribute(name, call.type);
    this.calls.push(call);
    this.attributes.push(attribute);
    return attribute;
  }
}

/** Collects a SELECT list's generator calls (explode, unnest, …); they become a Generate node below the projection. */
export class GeneratorCollector {
  readonly calls: GeneratorCall[] = [];
  readonly attributes: Attribute[] = [];
  outer = false;

  add(call: GeneratorCall, name: string, outer: boolean): Attribute {
    const attribute = newAttribute(name, call.type, true);
    this.calls.push(call);
    this.attributes.push(attribute);
    this.outer ||= outer;
    return attribute;
  }
}

const GENERATORS: Record<string, GeneratorKind> = {
  explode: 'explode', explode_outer: 'explode', unnest: 'explode', inline: 'explode', inline_outer: 'explode',
  posexplode: 'posexplode', posexplode_outer: 'posexplode', generate_series: 'generate_series',
  generate_subscripts: 'generate_subscripts', _pg_expandarray: 'expand_array',
};

/** Whether a generator call makes several columns (the fields of the struct it generates). */
export const generatesColumns = (call: GeneratorCall): boolean => call.kind === 'posexplode' || (call.name.startsWith('inline') && call.type.kind === 'struct')
  || (call.kind === 'explode' && call.args[0]?.type.kind === 'map');

/** Generators that keep a row whose array is empty or NULL, with NULLs. */
export const isOuterGenerator = (name: string): boolean => name.endsWith('_outer');

/** A generator call's typed form, its arguments cast as it needs them. */
export function bindGenerator(name: string, args: Expr[], position: number): GeneratorCall {
  const kind = GENERATORS[name];
  const expect = (count: number[]) => {
    if (!count.includes(args.length)) throw new QuarryError('42605', `[WRONG_NUM_ARGS] ${name}() takes ${count.join(' or ')} arguments, not ${args.length}.`, position);
  };
  const arrayArgument = (e: Expr): Expr => {
    if (e.type.kind === 'array') return e;
    if (e.type.kind === 'null') return castTo(e, arrayType(StringType));
    throw new QuarryError(SqlState.datatypeMismatch,
      `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The argument of ${name}() must be an ARRAY, not ${typeToString(e.type).toUpperCase()}.`, position);
  };
  // explode and posexplode of a map: a row per entry, as (key, value) columns.
  if ((kind === 'explode' || kind === 'posexplode') && !name.startsWith('inline') && args[0]?.type.kind === 'map') {
    expect([1]);
    const m = args[0].type;
    const entry = [{ name: 'key', type: m.key }, { name: 'value', type: m.value }];
    return { kind, name, args: [args[0]], type: structType(kind === 'posexplode' ? [{ name: 'pos', type: IntegerType }, ...entry] : entry) };
  }
  switch (kind) {
    case 'explode': {
      expect([1]);
      const array = arrayArgument(args[0]);
      const element = (array.type as ArrayType).element;
      if (name.startsWith('inline') && element.kind !== 'struct') {
        throw new QuarryError(SqlState.datatypeMismatch, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The argument of ${name}() must be an ARRAY of STRUCT.`, position);
      }
      return { kind, name, args: [array], type: element };
    }
    case 'posexplode': {
      expect([1]);
      const array = arrayArgument(args[0]);
      return { kind, name, args: [array], type: structType([{ name: 'pos', type: IntegerType }, { name: 'col', type: (array.type as ArrayType).element }]) };
    }
    case 'generate_subscripts':
      expect([1, 2]);
      return { kind, name, args: [arrayArgument(args[0])], type: IntegerType };
    case 'expand_array': {
      expect([1]);
      const array = arrayArgument(args[0]);
      return { kind, name, args: [array], type: structType([{ name: 'x', type: (array.type as ArrayType).element }, { name: 'n', type: IntegerType }]) };
    }
    case 'generate_series': {
      expect([2, 3]);
      if (!args.every((a) => isIntegral(a.type) || a.type.kind === 'null')) {
        throw notSupported(`${name}() over ${args.map((a) => typeToString(a.type)).join(', ')}`, position);
      }
      const type = args.every((a) => a.type.kind !== 'bigint') ? IntegerType : LongType;
      return { kind, name, args: args.map((a) => castTo(a, type)), type };
    }
  }
}

export const isGenerator = (name: string): boolean => name in GENERATORS;

/** The values of the literal arguments, for functions whose binding depends on them. */
const literalValues = (args: readonly Expr[]): (Scalar | undefined)[] => args.map((a) => (a.kind === 'literal' ? a.value : undefined));

export interface SessionInfo {
  readonly database: string;
  readonly user: string;
  setting(name: string): string | undefined;
}

/** Spark's (and Postgres's) functions about the session: constants for the statement. */
const SESSION_FUNCTIONS: Record<string, (s: { database: string; user: string }) => string> = {
  current_database: (s) => s.database, current_schema: (s) => s.database, current_catalog: () => 'spark_catalog',
  current_user: (s) => s.user, session_user: (s) => s.user, user: (s) => s.user,
};

const NILADIC = new Set(['current_date', 'current_timestamp', 'current_time', 'current_user', 'session_user', 'user', 'current_schema', 'current_catalog', 'current_database']);

const COMPARISON_OPERATORS = new Set(['=', '==', '<>', '!=', '<', '<=', '>', '>=', '<=>']);

/** Postgres functions returning arrays that Postgres clients subscript from 1. */
const POSTGRES_ARRAY_FUNCTIONS = new Set(['parse_ident', 'string_to_array', 'current_schemas', 'regexp_split_to_array']);

const UNIT_FIRST = new Set(['timestampadd', 'timestampdiff', 'timediff', 'date_part', 'datepart']);

/** Functions that take a leading unit when called with three arguments, and what they then are. */
const UNIT_FORMS: Record<string, string> = {
  dateadd: 'timestampadd', date_add: 'timestampadd', datediff: 'timestampdiff', date_diff: 'timestampdiff', timediff: 'timestampdiff',
};

/** Window functions that take IGNORE NULLS. */
const IGNORE_NULLS = new Set(['lag', 'lead', 'first', 'first_value', 'last', 'last_value', 'nth_value', 'any_value']);

const RANKING = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile']);

const BINARY_FUNCTIONS: Record<string, string> = {
  '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'mod', DIV: 'div', '||': 'concat',
  '=': 'equal', '==': 'equal', '<>': 'not_equal', '!=': 'not_equal', '<': 'less_than', '<=': 'less_than_or_equal',
  '>': 'greater_than', '>=': 'greater_than_or_equal', '<=>': 'null_safe_equal', AND: 'and', OR: 'or',
  '~': 'rlike', '~*': 'rlike_ci', '&': 'bitwise_and', '|': 'bitwise_or', '^': 'bitwise_xor',
};

export interface BindOptions {
  readonly timeZone: TimeZone;
  /** Present where aggregate functions are allowed (SELECT list, HAVING, ORDER BY of a grouped block). */
  readonly aggregates?: AggregateCollector;
  /** Names of the clause, for "aggregate functions are not allowed in WHERE". */
  readonly clause: string;
  /** OIDs of catalog objects by name, for 'name'::regclass and 'name'::regtype. */
  readonly objectOid?: (kind: ObjectKind, name: string) => number | undefined;
  /** What current_database(), current_user(), current_setting() and the like return. */
  readonly session?: SessionInfo;
  /** Values of `$1`, `$2`… (Bind, EXECUTE), typed; absent outside prepared statements. */
  readonly parameters?: readonly Expr[];
  /** Present where generators are allowed (the SELECT list of an ungrouped query). */
  readonly generators?: GeneratorCollector;
  /** Present where window functions are allowed (the SELECT list and ORDER BY). */
  readonly windows?: WindowCollector;
  /** The enclosing query's columns, which a correlated subquery may name. */
  readonly outer?: Scope;
  /** Binds a nested query that may refer to `outer` (EXISTS, IN, scalar subqueries). */
  readonly bindSubquery?: (query: ast.Query, outer: Scope, outerAggregates?: OuterAggregates) => LogicalPlan;
  /** The enclosing grouped block's aggregates, which an aggregate of only outer columns joins (Spark's outer aggregates). */
  readonly outerAggregates?: OuterAggregates;
  /** In a SELECT list, the items bound so far by their aliases (lower-cased), which later items may name. */
  readonly lateralAliases?: ReadonlyMap<string, Expr>;
  /** The registered model a name refers to, loaded (predict()). */
  readonly model?: (name: ast.QualifiedName) => { readonly name: string; readonly model: LoadedModel };
}

/** A grouped block seen from a subquery in it: the columns it groups and the aggregates it computes. */
export interface OuterAggregates {
  readonly scope: Scope;
  readonly collector: AggregateCollector;
}

export class ExpressionBinder {
  constructor(private readonly scope: Scope, private readonly options: BindOptions) {}

  bind(node: ast.Expr): Expr {
    try {
      return this.bindNode(node);
    } catch (e) {
      throw e instanceof QuarryError ? e.at(node.pos) : e;
    }
  }

  private bindNode(node: ast.Expr): Expr {
    switch (node.kind) {
      case 'column': return this.bindColumn(node);
      case 'null': case 'boolean': case 'number': case 'string': case 'binaryLiteral': case 'typedLiteral': case 'interval':
        return bindLiteral(node, this.options.timeZone);
      case 'unary':
        if (node.op === '+') {
          // Unary plus is Spark's positive(): numbers and intervals only.
          const operand = this.bind(node.operand);
          const t = operand.type;
          if (isNumeric(t) || t.kind === 'interval_ym' || t.kind === 'interval_dt' || t.kind === 'null' || t.kind === 'string') return operand;
          throw new QuarryError(SqlState.datatypeMismatch,
            `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "(+ ${columnName(node.operand)})": the operand must be numeric or an interval, not ${typeToString(t).toUpperCase()}.`,
            node.pos, 'DATATYPE_MISMATCH');
        }
        // `-7` is a literal, as in Spark: -2147483648 stays an int.
        if (node.op === '-' && node.operand.kind === 'number') return bindLiteral(node.operand, this.options.timeZone, true);
        return this.call(node.op === '-' ? 'negative' : node.op === '~' ? 'bitwise_not' : 'not', [this.bind(node.operand)], node.pos);
      case 'binary': {
        if (node.op === '!~' || node.op === '!~*') {
          const match = this.call(node.op === '!~' ? 'rlike' : 'rlike_ci', [this.bind(node.left), this.bind(node.right)], node.pos);
          return this.call('not', [match], node.pos);
        }
        const name = BINARY_FUNCTIONS[node.op];
        if (!name) throw notSupported(`The ${node.op} operator`, node.pos);
        const [left, right] = [this.bind(node.left), this.bind(node.right)];
        if (COMPARISON_OPERATORS.has(node.op) && (containsMap(left.type) || containsMap(right.type))) {
          // Spark has no equality or order on maps (grouping and joins the planner builds normalize them).
          const mapType = containsMap(left.type) ? left.type : right.type;
          throw new QuarryError(SqlState.invalidArgumentType,
            `[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "${columnName(node)}" due to data type mismatch: The \`${node.op}\` does not support ordering on type "${typeToSql(mapType)}".`,
            node.pos, 'DATATYPE_MISMATCH.INVALID_ORDERING_TYPE');
        }
        recordArithmeticTypes(node, left.type, right.type);
        return this.call(name, [left, right], node.pos);
      }
      case 'isNull': return this.call(node.negated ? 'isnotnull' : 'isnull', [this.bind(node.operand)], node.pos);
      case 'isBoolean': {
        const operand = this.bind(node.operand);
        const test = node.value === null
          ? this.call('isnull', [operand], node.pos)
          : this.call('null_safe_equal', [operand, { kind: 'literal', value: node.value, type: BooleanType }], node.pos);
        return node.negated ? this.call('not', [test], node.pos) : test;
      }
      case 'inList': {
        const test = this.call('in', [this.bind(node.operand), ...node.list.map((e) => this.bind(e))], node.pos);
        return node.negated ? this.call('not', [test], node.pos) : test;
      }
      case 'between': {
        const operand = this.bind(node.operand);
        const test = this.call('and', [
          this.call('greater_than_or_equal', [operand, this.bind(node.low)], node.pos),
          this.call('less_than_or_equal', [operand, this.bind(node.high)], node.pos),
        ], node.pos);
        return node.negated ? this.call('not', [test], node.pos) : test;
      }
      case 'like': {
        const args = [this.bind(node.operand), this.bind(node.pattern)];
        if (node.escape !== undefined) args.push({ kind: 'literal', value: node.escape, type: { kind: 'string' } });
        const test = this.call(node.operator.toLowerCase(), args, node.pos);
        return node.negated ? this.call('not', [test], node.pos) : test;
      }
      case 'case': return this.bindCase(node);
      case 'cast': {
        // 'pg_class'::regclass and 'int4'::regtype name catalog objects: their OIDs, looked up now.
        const reg = /regclass|regtype|regproc|regnamespace/i.exec(node.type.text);
        if (reg && node.operand.kind === 'string' && this.options.objectOid) {
          const kind = reg[0].toLowerCase() as ObjectKind;
          const oid = this.options.objectOid(kind, node.operand.value);
          if (oid === undefined) throw unknownObject(kind, node.operand.value, node.operand.pos);
          return { kind: 'literal', value: oid, type: node.type.type };
        }
        const operand = this.bind(node.operand);
        // A name computed at run time, ('s.' || t)::regclass, is looked up when the row is.
        if (reg?.[0].toLowerCase() === 'regclass' && operand.type.kind === 'string') return this.call('text_to_regclass', [operand], node.pos);
        const [from, to] = [operand.type, node.type.type];
        if ((from.kind === 'map' || to.kind === 'map') && !(from.kind === to.kind || from.kind === 'null' || to.kind === 'string')) {
          // A map casts to a map (keys and values cast) or to a string, and nothing else casts to a map.
          throw new QuarryError(SqlState.invalidArgumentType,
            `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "${columnName(node)}" due to data type mismatch: cannot cast "${typeToSql(from)}" to "${typeToSql(to)}".`,
            node.pos, 'DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION');
        }
        return castTo(operand, node.type.type, node.try ? 'try' : 'session', node.pos);
      }
      case 'function': return this.bindFunction(node);
      case 'star': throw new QuarryError(SqlState.syntaxError, `Invalid usage of '*' in expression`, node.pos, 'INVALID_USAGE_OF_STAR_OR_REGEX');
      case 'inSubquery': case 'exists': case 'scalarSubquery': return this.bindSubquery(node);
      case 'subscript': {
        // Arrays from Postgres's own functions are indexed the Postgres way: from 1, NULL when out of range.
        if (node.operand.kind === 'function' && POSTGRES_ARRAY_FUNCTIONS.has(node.operand.name.parts.at(-1)!.toLowerCase())) {
          const index = this.call('subtract', [this.bind(node.index), { kind: 'literal', value: 1, type: IntegerType }], node.pos);
          return this.call('get', [this.bind(node.operand), index], node.pos);
        }
        return this.call('array_subscript', [this.bind(node.operand), this.bind(node.index)], node.pos);
      }
      case 'quantified': return this.bindQuantified(node);
      case 'arraySubquery': return this.bindArraySubquery(node);
      case 'lambda': throw new QuarryError(SqlState.syntaxError, '[INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION] A lambda function can only be an argument of a higher-order function.', node.pos);
      case 'fieldAccess': {
        const field: Expr = { kind: 'literal', value: node.field, type: StringType };
        return this.call('get_struct_field', [this.bind(node.operand), field], node.pos);
      }
      case 'parameter': {
        const value = this.options.parameters?.[node.index - 1];
        if (!value) throw new QuarryError('42P02', `there is no parameter $${node.index}`, node.pos);
        return value;
      }
    }
  }

  private bindSubquery(node: ast.InSubquery | ast.Exists | ast.ScalarSubquery): Expr {
    if (!this.options.bindSubquery) throw notSupported(`A subquery in ${this.options.clause}`, node.pos);
    const outer = this.options.outer ? this.scope.concat(this.options.outer) : this.scope;
    const outerAggregates = this.options.aggregates ? { scope: this.scope, collector: this.options.aggregates } : undefined;
    const plan = this.options.bindSubquery(node.query, outer, outerAggregates);
    const output = outputOf(plan);
    if (node.kind === 'exists') {
      recordOuterReferences(node, outerReferenceNames(plan, outer));
      return { kind: 'subquery', predicate: 'exists', plan, type: BooleanType, position: node.pos };
    }
    if (output.length !== 1) {
      throw new QuarryError('42823', `[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] The subquery must return one column, not ${output.length}.`, node.query.pos);
    }
    if (node.kind === 'scalarSubquery') {
      recordOuterReferences(node, outerReferenceNames(plan, outer));
      return { kind: 'subquery', predicate: 'scalar', plan, type: output[0].type, position: node.pos };
    }
    const test: Expr = { kind: 'subquery', predicate: 'in', plan, operand: this.bind(node.operand), type: BooleanType, position: node.pos };
    return node.negated ? this.call('not', [test], node.pos) : test;
  }

  /**
   * transform(a, x -> …), filter, exists, forall, aggregate(a, zero, (acc, x) -> … [, acc -> …]),
   * zip_with(a, b, (x, y) -> …): the lambdas are bound with their parameters in scope, typed by the
   * arrays' elements (and `i`, the index, as an int).
   */
  private bindHigherOrder(node: ast.FunctionCall, name: HigherOrderName): Expr {
    const arrayArg = (e: ast.Expr): Expr => {
      const bound = this.bind(e);
      if (bound.type.kind === 'array') return bound;
      if (bound.type.kind === 'null') return castTo(bound, arrayType(StringType));
      throw new QuarryError(SqlState.datatypeMismatch, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The first argument of ${name}() must be an ARRAY, not ${typeToString(bound.type).toUpperCase()}.`, e.pos);
    };
    const lambdaAt = (i: number, types: readonly DataType[]) => this.bindLambdaArgument(node, name, i, types);
    const expectArgs = (count: number[]) => {
      if (!count.includes(node.args.length)) throw new QuarryError('42605', `[WRONG_NUM_ARGS] ${name}() takes ${count.join(' or ')} arguments, not ${node.args.length}.`, node.pos);
    };
    let args: Expr[];
    let returnType: DataType;
    if (name === 'zip_with') {
      expectArgs([3]);
      const [a, b] = [arrayArg(node.args[0]), arrayArg(node.args[1])];
      const lambda = lambdaAt(2, [(a.type as ArrayType).element, (b.type as ArrayType).element]);
      args = [a, b, lambda];
      returnType = arrayType(lambda.type);
    } else if (name === 'aggregate') {
      expectArgs([3, 4]);
      const array = arrayArg(node.args[0]);
      const zero = this.bind(node.args[1]);
      const merge = lambdaAt(2, [zero.type, (array.type as ArrayType).element]);
      const complex = (t: DataType) => t.kind === 'map' || t.kind === 'array' || t.kind === 'struct';
      if ((complex(zero.type) || complex(merge.type)) && !typesEqualStructurally(zero.type, merge.type)) {
        // Spark requires the merge to return the zero's own type; only simple values are cast here.
        throw new QuarryError(SqlState.invalidArgumentType,
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${node.name.parts.at(-1)!.toLowerCase()}(…)" due to data type mismatch: the third parameter requires the "${typeToSql(zero.type)}" type, however it has the type "${typeToSql(merge.type)}".`,
          node.args[2].pos, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
      }
      const fitted = { ...merge, body: castTo(merge.body, zero.type), type: zero.type };
      args = [array, zero, fitted];
      returnType = zero.type;
      if (node.args.length === 4) {
        const finish = lambdaAt(3, [zero.type]);
        args.push(finish);
        returnType = finish.type;
      }
    } else {
      expectArgs([2]);
      const array = arrayArg(node.args[0]);
      const element = (array.type as ArrayType).element;
      const lambda = lambdaAt(1, [element, IntegerType]);
      const predicate = name !== 'transform';
      if (predicate && lambda.body.type.kind !== 'boolean' && lambda.body.type.kind !== 'null') {
        throw new QuarryError(SqlState.invalidArgumentType,
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: the second parameter requires the "BOOLEAN" type, however it has the type "${typeToString(lambda.body.type).toUpperCase()}".`,
          node.args[1].pos, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
      }
      const body = predicate ? requireBoolean(lambda.body, `${name}() lambda`, node.args[1].pos) : lambda.body;
      args = [array, { ...lambda, body, type: body.type }];
      returnType = name === 'transform' ? arrayType(lambda.type) : name === 'filter' ? array.type : BooleanType;
    }
    return { kind: 'call', fn: higherOrderFunction(name, args.map((a) => a.type), returnType), args, type: returnType, position: node.pos };
  }

  /** Argument i of a higher-order call as a lambda taking parameters of `types`. */
  private bindLambdaArgument(node: ast.FunctionCall, name: string, i: number, types: readonly DataType[]): Extract<Expr, { kind: 'lambda' }> {
    const written = node.args[i];
    if (written === undefined) throw new QuarryError(SqlState.datatypeMismatch, `[DATATYPE_MISMATCH] Argument ${i + 1} of ${name}() must be a lambda function.`, node.pos);
    if (written.kind !== 'lambda') {
      // A value where a lambda goes is a function returning it, as in Spark: transform(a, 0).
      const body = this.bind(written);
      return { kind: 'lambda', params: [], body, type: body.type };
    }
    if (written.params.length > types.length) {
      throw new QuarryError(SqlState.syntaxError, `[INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH] ${name}() passes ${types.length} argument${types.length === 1 ? '' : 's'} to its lambda, not ${written.params.length}.`, written.pos);
    }
    const params = written.params.map((param, k) => newAttribute(param, types[k], true));
    // Parameters shadow columns of the same name.
    const body = new ExpressionBinder(Scope.of(params).concat(this.scope), this.options).bind(written.body);
    return { kind: 'lambda', params, body, type: body.type };
  }

  /**
   * map_filter(m, (k, v) -> …), transform_keys, transform_values, map_zip_with(m1, m2, (k, v1, v2) -> …):
   * the lambdas see each entry's key and value.
   */
  private bindMapHigherOrder(node: ast.FunctionCall, name: MapHigherOrderName): Expr {
    const expected = name === 'map_zip_with' ? 3 : 2;
    if (node.args.length !== expected) throw new QuarryError('42605', `[WRONG_NUM_ARGS] ${name}() takes ${expected} arguments, not ${node.args.length}.`, node.pos);
    const mapArg = (e: ast.Expr, index: string): Expr => {
      const bound = this.bind(e);
      if (bound.type.kind === 'map') return bound;
      if (bound.type.kind === 'null') return castTo(bound, mapType(StringType, StringType));
      throw new QuarryError(SqlState.invalidArgumentType,
        `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: the ${index} parameter requires the "MAP" type, however it has the type "${typeToSql(bound.type)}".`,
        e.pos, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
    };
    let args: Expr[];
    let returnType: DataType;
    if (name === 'map_zip_with') {
      let [a, b] = [mapArg(node.args[0], 'first'), mapArg(node.args[1], 'second')];
      const [ta, tb] = [a.type as MapType, b.type as MapType];
      const key = commonType(ta.key, tb.key);
      if (key === null) {
        throw new QuarryError(SqlState.invalidArgumentType,
          `[DATATYPE_MISMATCH.MAP_ZIP_WITH_DIFF_TYPES] Cannot resolve "map_zip_with(…)" due to data type mismatch: Input to the map_zip_with should have been two maps with compatible key types, but it's ["${typeToSql(ta.key)}", "${typeToSql(tb.key)}"].`,
          node.pos, 'DATATYPE_MISMATCH.MAP_ZIP_WITH_DIFF_TYPES');
      }
      a = castTo(a, mapType(key, ta.value));
      b = castTo(b, mapType(key, tb.value));
      const lambda = this.bindLambdaArgument(node, name, 2, [key, ta.value, tb.value]);
      args = [a, b, lambda];
      returnType = mapType(key, lambda.type);
    } else {
      const m = mapArg(node.args[0], 'first');
      const t = m.type as MapType;
      const lambda = this.bindLambdaArgument(node, name, 1, [t.key, t.value]);
      if (name === 'map_filter' && lambda.body.type.kind !== 'boolean' && lambda.body.type.kind !== 'null') {
        throw new QuarryError(SqlState.invalidArgumentType,
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: the second parameter requires the "BOOLEAN" type, however it has the type "${typeToSql(lambda.body.type)}".`,
          node.args[1].pos, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
      }
      if (name === 'transform_keys' && containsMap(lambda.type)) {
        throw new QuarryError(SqlState.invalidArgumentType,
          `[DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: The input key of map ${typeToSql(lambda.type)} cannot be/contain "MAP".`,
          node.args[1].pos, 'DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE');
      }
      args = [m, lambda];
      returnType = name === 'map_filter' ? t : name === 'transform_keys' ? mapType(lambda.type, t.value) : mapType(t.key, lambda.type);
    }
    return { kind: 'call', fn: mapHigherOrderFunction(name, args.map((a) => a.type), returnType), args, type: returnType, position: node.pos };
  }

  /** struct(a, b AS y, t.*): fields named as given, else after the column, else col1, col2 …. */
  private bindStruct(node: ast.FunctionCall): Expr {
    const pairs: Expr[] = [];
    node.args.forEach((arg, i) => {
      if (arg.kind === 'star') {
        for (const c of this.scope.star(arg.qualifier?.parts)) pairs.push({ kind: 'literal', value: c.attribute.name, type: StringType }, columnRef(c.attribute));
        return;
      }
      const name = node.argNames?.[i] ?? (arg.kind === 'column' ? arg.name.parts[arg.name.parts.length - 1] : `col${pairs.length / 2 + 1}`);
      pairs.push({ kind: 'literal', value: name, type: StringType }, this.bind(arg));
    });
    return this.call('named_struct', pairs, node.pos, 'struct');
  }

  /** current_setting('name' [, missing_ok]) and current_schemas(include_implicit): constants of the session. */
  private bindSessionFunction(node: ast.FunctionCall, name: string, session: SessionInfo): Expr {
    const args = node.args.map((a) => foldConstants(this.bind(a)));
    if (args.some((a) => a.kind !== 'literal')) throw notSupported(`${name}() with arguments that are not constants`, node.pos);
    const values = args.map((a) => (a as Literal).value);
    if (name === 'current_schemas') {
      const schemas = values[0] === true ? ['pg_catalog', session.database] : [session.database];
      return { kind: 'literal', value: schemas, type: arrayType(StringType) };
    }
    if (values.length < 1 || values.length > 2) throw new QuarryError('42605', '[WRONG_NUM_ARGS] current_setting() takes 1 or 2 arguments.', node.pos);
    const value = values[0] === null ? null : session.setting(String(values[0]));
    if (value === undefined && values[1] !== true) {
      throw new QuarryError('42704', `unrecognized configuration parameter "${String(values[0])}"`, node.pos);
    }
    return { kind: 'literal', value: value ?? null, type: StringType };
  }

  /** ARRAY(SELECT x …): the rows' values collected in order, `{}` when there are none. */
  private bindArraySubquery(node: ast.ArraySubquery): Expr {
    const scalar = this.bindSubquery({ kind: 'scalarSubquery', pos: node.pos, query: node.query });
    if (scalar.kind !== 'subquery') throw new QuarryError(SqlState.internalError, 'ARRAY(subquery) did not bind to a subquery', node.pos);
    const column = outputOf(scalar.plan)[0];
    const fn = lookupAggregateFunction('array_agg')!.bind([column.type]);
    const collected = newAttribute('array_agg', fn.returnType);
    const aggregate: LogicalPlan = {
      kind: 'aggregate', input: scalar.plan, groupBy: [],
      aggregates: [{ fn, args: [castTo(columnRef(column), fn.argTypes[0])], distinct: false }], output: [collected],
    };
    const value = castTo(this.call('coalesce', [columnRef(collected), this.call('array', [], node.pos)], node.pos), fn.returnType);
    const output = newAttribute('array', value.type);
    return { kind: 'subquery', predicate: 'scalar', plan: { kind: 'project', input: aggregate, exprs: [value], output: [output] }, type: value.type, position: node.pos };
  }

  /** `x = ANY (array)` compares with each element; `x = ANY (SELECT …)` is IN, `x <> ALL (SELECT …)` NOT IN. */
  private bindQuantified(node: ast.Quantified): Expr {
    if (node.array) {
      const op: Expr = { kind: 'literal', value: node.op, type: StringType };
      return this.call(node.quantifier === 'ANY' ? 'any_array' : 'all_array', [op, this.bind(node.operand), this.bind(node.array)], node.pos);
    }
    const isIn = node.quantifier === 'ANY' && (node.op === '=' || node.op === '==');
    const isNotIn = node.quantifier === 'ALL' && (node.op === '<>' || node.op === '!=');
    if (!isIn && !isNotIn) throw notSupported(`${node.op} ${node.quantifier} with a subquery`, node.pos);
    return this.bindSubquery({ kind: 'inSubquery', pos: node.pos, operand: node.operand, query: node.query!, negated: isNotIn });
  }

  private bindColumn(node: ast.ColumnRef): Expr {
    const parts = node.name.parts;
    const local = this.scope.lookup(parts, node.pos);
    if (local) return columnRef(local);
    // A lateral column alias: an earlier SELECT item's name, when no input column has it.
    const lateral = parts.length === 1 ? this.options.lateralAliases?.get(parts[0].toLowerCase()) : undefined;
    if (lateral) return lateral;
    const attribute = this.options.outer?.lookup(parts, node.pos);
    if (attribute) return columnRef(attribute);
    // `s.field`, `t.s.field.sub`: the longest prefix naming a column, then fields of its struct.
    for (let n = parts.length - 1; n >= 1; n--) {
      const base = this.scope.lookup(parts.slice(0, n), node.pos) ?? this.options.outer?.lookup(parts.slice(0, n), node.pos);
      if (!base || base.type.kind !== 'struct') continue;
      return parts.slice(n).reduce<Expr>((e, field) =>
        this.call('get_struct_field', [e, { kind: 'literal', value: field, type: StringType }], node.pos), columnRef(base));
    }
    // `current_date`, `current_timestamp`, `current_user`: functions Spark lets be written bare.
    if (parts.length === 1 && NILADIC.has(parts[0].toLowerCase())) {
      return this.bindFunction({ kind: 'function', pos: node.pos, name: node.name, args: [], distinct: false });
    }
    // grouping__id: Hive's name for grouping_id(), in a grouped block.
    if (parts.length === 1 && parts[0].toLowerCase() === 'grouping__id' && this.options.aggregates) {
      return this.bindFunction({ kind: 'function', pos: node.pos, name: { pos: node.pos, parts: ['grouping_id'] }, args: [], distinct: false });
    }
    // "text": Spark's string literal, unless it names a column (Postgres clients quote identifiers so).
    if (node.doubleQuoted) return { kind: 'literal', value: parts[0], type: StringType };
    const suggestions = this.scope.suggestions();
    throw new QuarryError(SqlState.undefinedColumn,
      `[UNRESOLVED_COLUMN.${suggestions ? 'WITH_SUGGESTION' : 'WITHOUT_SUGGESTION'}] A column, variable, or function parameter with name \`${parts.join('`.`')}\` cannot be resolved.${suggestions ? ` Did you mean one of the following? [${suggestions}].` : ''}`,
      node.pos, 'UNRESOLVED_COLUMN');
  }

  private bindCase(node: ast.Case): Expr {
    const args: Expr[] = [];
    const operand = node.operand ? this.bind(node.operand) : undefined;
    for (const branch of node.branches) {
      const when = this.bind(branch.when);
      args.push(operand ? this.call('equal', [operand, when], branch.when.pos) : when, this.bind(branch.then));
    }
    if (node.else) args.push(this.bind(node.else));
    return this.call('casewhen', args, node.pos);
  }

  private bindFunction(node: ast.FunctionCall): Expr {
    const name = node.name.parts[node.name.parts.length - 1].toLowerCase();
    if (node.over) return this.bindWindow(node, name, node.over);
    if (node.ignoreNulls) throw notSupported(`IGNORE NULLS with ${name}() outside a window`, node.pos);
    if (RANKING.has(name) || name === 'lag' || name === 'lead') {
      throw new QuarryError(SqlState.syntaxError, `[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] Window function ${name}() requires an OVER clause.`, node.pos);
    }
    if (MODEL_FUNCTIONS.has(node.name.parts.join('.').toLowerCase()) && node.args[0]?.kind === 'column' && this.options.model) {
      return this.bindPredict(node, node.args[0]);
    }
    const aggregate = node.name.parts.length === 1 ? lookupAggregateFunction(name) : undefined;
    if (aggregate && name === 'count') {
      const expanded = this.countArguments(node);
      if (expanded !== node) return this.bindFunction(expanded);
    }
    if (aggregate) {
      const outerAggregate = this.outerAggregate(node);
      if (outerAggregate) return outerAggregate;
      if (!this.options.aggregates) {
        const nested = this.options.clause === 'the argument of an aggregate function';
        throw new QuarryError(nested ? '42607' : SqlState.groupingError,
          this.options.clause === 'WHERE'
            ? `[INVALID_WHERE_CONDITION] The WHERE condition contains the aggregate function ${name}(); use HAVING or a subquery to filter on aggregates.`
            : nested
              ? '[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.'
              : `[INVALID_AGGREGATE_USAGE] Aggregate function ${name}() is not allowed in ${this.options.clause}.`, node.pos);
      }
      // Arguments of an aggregate are row expressions: no nested aggregates.
      const inner = new ExpressionBinder(this.scope, { ...this.options, aggregates: undefined, clause: 'the argument of an aggregate function' });
      const isCountStar = name === 'count' && node.args.length === 1 && node.args[0].kind === 'star';
      // count() (a legacy spelling) counts no values: as count(NULL), 0.
      const args = isCountStar ? [] : name === 'count' && node.args.length === 0 ? [literal(null, NullType)] : node.args.map((a) => inner.bind(a));
      let fn = aggregate.bind(args.map((a) => a.type), literalValues(args));
      if (node.distinct) fn = distinctAggregate(fn);
      const filter = node.filter ? this.aggregateFilter(node.filter, inner) : undefined;
      const attribute = this.options.aggregates.add({
        fn, args: args.map((a, i) => castTo(a, fn.argTypes[i])), distinct: node.distinct, filter,
      }, columnName(node));
      return columnRef(attribute);
    }
    if (node.distinct) throw new QuarryError(SqlState.syntaxError, `DISTINCT is only allowed in aggregate functions, not ${name}()`, node.pos);
    if (isGenerator(name)) {
      if (!this.options.generators) {
        throw new QuarryError(SqlState.syntaxError,
          `[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator ${name}() is only allowed in the SELECT list of a query without GROUP BY, or in FROM.`, node.pos);
      }
      const call = bindGenerator(name, node.args.map((a) => this.bind(a)), node.pos);
      return columnRef(this.options.generators.add(call, name === 'explode' || name === 'explode_outer' ? 'col' : name, isOuterGenerator(name)));
    }
    const sessionValue = SESSION_FUNCTIONS[name];
    if (sessionValue && node.args.length === 0 && this.options.session) return { kind: 'literal', value: sessionValue(this.options.session), type: StringType };
    if ((name === 'current_setting' || name === 'current_schemas') && this.options.session) return this.bindSessionFunction(node, name, this.options.session);
    if (MAP_HIGHER_ORDER_FUNCTIONS.has(name)) return this.bindMapHigherOrder(node, name as MapHigherOrderName);
    if (HIGHER_ORDER_FUNCTIONS.has(name) && (node.args.some((a) => a.kind === 'lambda') || node.args.length >= 2)) {
      return this.bindHigherOrder(node, name === 'reduce' ? 'aggregate' : name as HigherOrderName);
    }
    if (node.args.some((a) => a.kind === 'lambda')) {
      throw new QuarryError(SqlState.invalidArgumentType,
        `[INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION] Invalid lambda function call. A lambda function should only be used in a higher order function. However, its class is ${name}, which is not a higher order function.`,
        node.pos, 'INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION');
    }
    if (name === 'struct' && node.name.parts.length === 1) return this.bindStruct(node);
    const macro = CATALOG_MACROS[name];
    if (macro && node.name.parts.length <= 2) return this.bind(expandMacro(macro, node));
    // dateadd/date_add(unit, n, ts) and datediff/date_diff(unit, a, b) are timestampadd and timestampdiff.
    const unitForm = UNIT_FORMS[name];
    const target = unitForm && node.args.length === 3 ? unitForm : name;
    // timestampadd(MINUTE, n, ts): the unit is a bare word, not a column.
    const args = UNIT_FIRST.has(target) && node.args[0]?.kind === 'column' && node.args[0].name.parts.length === 1
      ? [{ kind: 'literal' as const, value: node.args[0].name.parts[0].toUpperCase(), type: StringType }, ...node.args.slice(1).map((a) => this.bind(a))]
      : node.args.map((a) => this.bind(a));
    return this.call(target, args, node.pos, node.name.parts.join('.'));
  }

  /** An aggregate's FILTER (WHERE …): a deterministic boolean of the input row, without aggregates or windows. */
  private aggregateFilter(condition: ast.Expr, binder: ExpressionBinder): Expr {
    const invalid = (kind: string, what: string) => new QuarryError(SqlState.datatypeMismatch,
      `[INVALID_AGGREGATE_FILTER.${kind}] The FILTER expression ${columnName(condition)} in an aggregate function is invalid. ${what}`,
      condition.pos, `INVALID_AGGREGATE_FILTER.${kind}`);
    walkAst(condition, (n) => {
      if (n.kind !== 'function') return;
      const call = n as ast.FunctionCall;
      if (call.over) throw invalid('CONTAINS_WINDOW_FUNCTION', 'Expected a FILTER expression without window functions.');
      if (call.name.parts.length === 1 && lookupAggregateFunction(call.name.parts[0].toLowerCase())) {
        throw invalid('CONTAINS_AGGREGATE', 'Expected a FILTER expression without an aggregation, but found ' + columnName(call) + '.');
      }
    });
    const bound = binder.bind(condition);
    if (bound.type.kind !== 'boolean' && bound.type.kind !== 'null') throw invalid('NOT_BOOLEAN', 'Expected a FILTER expression of the BOOLEAN type.');
    if (!isDeterministic(bound)) throw invalid('NON_DETERMINISTIC', 'Expected a deterministic FILTER expression.');
    return castTo(bound, BooleanType);
  }

  /**
   * count's arguments as Spark reads them: `count(*)` counts rows; other stars stand for their
   * columns (`count(DISTINCT *)`, `count(t.*, t.*)`), but a lone `count(t.*)` is refused unless
   * spark.sql.legacy.allowStarWithSingleTableIdentifierInCount; `count()` needs
   * spark.sql.legacy.allowParameterlessCount (and then counts no values: 0).
   */
  private countArguments(node: ast.FunctionCall): ast.FunctionCall {
    const legacy = (key: string) => this.options.session?.setting(key)?.toLowerCase() === 'true';
    if (node.args.length === 0) {
      if (!legacy('spark.sql.legacy.allowParameterlessCount')) {
        throw new QuarryError('42605',
          '[WRONG_NUM_ARGS.WITH_SUGGESTION] The `count` requires >= 1 parameters but the actual number is 0. If you have to call this function with 0 parameters, set the legacy configuration "spark.sql.legacy.allowParameterlessCount" to "true".',
          node.pos, 'WRONG_NUM_ARGS.WITH_SUGGESTION');
      }
      return node;
    }
    if (!node.args.some((a) => a.kind === 'star')) return node;
    const [first] = node.args;
    if (node.args.length === 1 && first.kind === 'star' && !node.distinct) {
      if (!first.qualifier) return node;
      if (!legacy('spark.sql.legacy.allowStarWithSingleTableIdentifierInCount')) {
        throw new QuarryError('42000',
          `[INVALID_USAGE_OF_STAR_WITH_TABLE_IDENTIFIER_IN_COUNT] count(\`${first.qualifier.parts.join('`.`')}\`.*) is not allowed. Please use count(*) or expand the columns manually, e.g. count(col1, col2).`,
          node.pos, 'INVALID_USAGE_OF_STAR_WITH_TABLE_IDENTIFIER_IN_COUNT');
      }
    }
    const args = node.args.flatMap((a): ast.Expr[] => a.kind !== 'star' ? [a]
      : this.scope.star(a.qualifier?.parts).map((c) => ({ kind: 'column', pos: a.pos, name: { pos: a.pos, parts: [...c.qualifier, c.attribute.name] } })));
    return { ...node, args };
  }

  /**
   * In a subquery of a grouped block, an aggregate whose arguments read only that block's columns
   * (`HAVING max(x) = (SELECT 1 WHERE max(x) = 1)`) is computed by the block: an outer reference to it.
   */
  private outerAggregate(node: ast.FunctionCall): Expr | undefined {
    const outer = this.options.outerAggregates;
    if (!outer || node.args.length === 0 || node.args.some((a) => a.kind === 'star')) return undefined;
    const outerIds = new Set(outer.scope.columns.map((c) => c.attribute.id));
    const probe = new ExpressionBinder(this.scope, { ...this.options, aggregates: new AggregateCollector(), outerAggregates: undefined });
    const args = [...node.args, ...(node.filter ? [node.filter] : [])];
    const ids = new Set<number>();
    for (const arg of args) {
      try {
        referencedAttributes(probe.bind(arg), ids);
      } catch {
        return undefined;
      }
    }
    const outerCount = [...ids].filter((id) => outerIds.has(id)).length;
    if (outerCount > 0 && outerCount < ids.size) {
      throw new QuarryError(SqlState.featureNotSupported,
        `[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES] Found an aggregate function in a correlated predicate that has both outer and local references, which is not supported: ${columnName(node)}.`,
        node.pos, 'UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES');
    }
    if (ids.size === 0 || outerCount < ids.size) return undefined;
    const binder = new ExpressionBinder(outer.scope, { ...this.options, aggregates: outer.collector, outer: undefined, outerAggregates: undefined, clause: 'HAVING' });
    return binder.bind(node);
  }

  /** predict(model, *), predict(model, a, b), predict(model, struct_column): inputs matched by name. */
  private bindPredict(node: ast.FunctionCall, modelRef: ast.ColumnRef): Expr {
    const { name, model } = this.options.model!(modelRef.name);
    const given: NamedInput[] = node.args.slice(1).flatMap((arg): NamedInput[] => {
      if (arg.kind === 'star') return this.scope.star(arg.qualifier?.parts).map((c) => ({ name: c.attribute.name, expr: columnRef(c.attribute) }));
      const expr = this.bind(arg);
      if (expr.type.kind === 'struct' && node.args.length === 2) {
        return expr.type.fields.map((f) => ({ name: f.name, expr: this.call('get_struct_field', [expr, { kind: 'literal', value: f.name, type: StringType }], arg.pos) }));
      }
      return [{ name: columnName(arg), expr }];
    });
    const inputs = modelInputs(model, name, given, node.pos);
    const fn = predictFunction(model, name, inputs, node.pos);
    return { kind: 'call', fn, args: predictArguments(inputs), type: fn.returnType, position: node.pos };
  }

  private bindWindow(node: ast.FunctionCall, name: string, over: ast.WindowSpec): Expr {
    if (node.ignoreNulls && !IGNORE_NULLS.has(name)) throw notSupported(`IGNORE NULLS with ${name}()`, node.pos);
    if (over.name !== undefined) {
      throw new QuarryError(SqlState.syntaxError, `[MISSING_WINDOW_SPECIFICATION] Window specification ${over.name} is not defined in the WINDOW clause.`, over.pos);
    }
    if (!this.options.windows) {
      throw new QuarryError(SqlState.groupingError, `[UNSUPPORTED_EXPR_FOR_WINDOW] Window functions are not allowed in ${this.options.clause}.`, node.pos);
    }
    const partitionBy = over.partitionBy.map((e) => this.bind(e));
    const orderBy = over.orderBy.map((k) => ({ expr: this.bind(k.expr), ascending: k.ascending, nullsFirst: k.nullsFirst ?? k.ascending }));
    const constant = (e: ast.Expr | undefined, fallback: number) => {
      if (e === undefined) return fallback;
      const bound = this.bind(e);
      if (bound.kind !== 'literal' || typeof bound.value !== 'number' || !Number.isInteger(bound.value)) {
        throw new QuarryError(SqlState.datatypeMismatch, `[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] The argument of ${name}() must be an integer constant.`, e.pos);
      }
      return bound.value;
    };
    let fn: WindowCall['function'];
    let type: DataType;
    // Ranking functions and lag/lead need an ordered window (Spark's ResolveWindowOrder).
    if ((RANKING.has(name) || name === 'lag' || name === 'lead') && over.orderBy.length === 0) {
      throw new QuarryError(SqlState.syntaxError,
        `[WINDOW_FUNCTION_FRAME_NOT_ORDERED] Window function ${name} requires window to be ordered, please add ORDER BY clause. For example SELECT ${name}(value_expr) OVER (PARTITION BY window_partition ORDER BY window_ordering) from table.`,
        node.pos, 'WINDOW_FUNCTION_FRAME_NOT_ORDERED');
    }
    if (RANKING.has(name)) {
      fn = name === 'ntile' ? { kind: 'ntile', buckets: constant(node.args[0], 1) } : { kind: name as 'rank' };
      type = name === 'percent_rank' || name === 'cume_dist' ? { kind: 'double' } : { kind: 'int' };
    } else if (name === 'lag' || name === 'lead') {
      const value = this.bind(node.args[0]);
      const fallback = node.args[2] ? castTo(this.bind(node.args[2]), value.type) : null;
      fn = { kind: name, value, offset: constant(node.args[1], 1), default: fallback, ignoreNulls: node.ignoreNulls };
      type = value.type;
    } else {
      // An aggregate over the window: bound as an aggregate, collected as a window call.
      const aggregate = lookupAggregateFunction(name);
      if (!aggregate) throw this.unknownFunction(node.name.parts.join('.'), node.pos);
      if (node.distinct) throw notSupported('DISTINCT in window aggregates', node.pos);
      let args = name === 'count' && node.args.length === 1 && node.args[0].kind === 'star' ? [] : node.args.map((a) => this.bind(a));
      // first_value(x) IGNORE NULLS is first_value(x, true); nth_value(x, n) IGNORE NULLS nth_value(x, n, true).
      if (node.ignoreNulls && name !== 'lag' && name !== 'lead') args = [...args, { kind: 'literal', value: true, type: BooleanType }];
      const bound = aggregate.bind(args.map((a) => a.type), literalValues(args));
      const filter = node.filter ? castTo(this.bind(node.filter), BooleanType) : undefined;
      fn = { kind: 'aggregate', call: { fn: bound, args: args.map((a, i) => castTo(a, bound.argTypes[i])), distinct: false, filter } };
      type = bound.returnType;
    }
    const frame = windowFrame(over, node.pos, (b) => this.rangeOffset(b, orderBy, over));
    return columnRef(this.options.windows.add({ function: fn, partitionBy, orderBy, frame, type }, columnName(node)));
  }

  /**
   * A RANGE frame's distance, signed, in the units of its single ORDER BY key: numbers for numeric
   * keys, days for dates (an integer or a day interval), microseconds for timestamps (an interval).
   */
  private rangeOffset(bound: ast.FrameBound & { kind: 'offset' | 'valueOffset' }, orderBy: { expr: Expr }[], over: ast.WindowSpec): number {
    const position = over.frame!.pos;
    if (orderBy.length !== 1) {
      throw new QuarryError(SqlState.datatypeMismatch, orderBy.length === 0
        ? '[DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER] A range window frame cannot be used in an unordered window specification.'
        : '[DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER] A range window frame with value boundaries cannot be used in a window specification with multiple order by expressions.', position);
    }
    const written: Expr = bound.kind === 'offset'
      ? { kind: 'literal', value: Math.abs(bound.rows), type: IntegerType } : this.bind(bound.value);
    const preceding = bound.kind === 'offset' ? bound.rows < 0 : bound.preceding;
    // Numbers are compared as doubles (a decimal literal's value is its unscaled integer).
    const value = foldConstants(isNumeric(written.type) ? castTo(written, { kind: 'double' }) : written);
    const keyType = orderBy[0].expr.type;
    const mismatch = () => new QuarryError(SqlState.datatypeMismatch,
      `[DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE] The data type ${typeToString(keyType).toUpperCase()} used in the order specification does not match the data type ${typeToString(written.type).toUpperCase()} which is used in the range frame.`, position);
    if (value.kind !== 'literal' || value.value === null) {
      throw new QuarryError(SqlState.datatypeMismatch, '[DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WITHOUT_FOLDABLE] Window frame boundary must be a foldable expression.', position);
    }
    let distance: number;
    if (isNumeric(keyType) && value.type.kind === 'double') distance = Number(value.value);
    else if (keyType.kind === 'date' && value.type.kind === 'double' && Number.isInteger(Number(value.value))) distance = Number(value.value);
    else if (keyType.kind === 'date' && value.type.kind === 'interval_dt' && value.type.startField === DAY && value.type.endField === DAY) distance = Number(value.value) / 86_400_000_000;
    else if (keyType.kind === 'date' && value.type.kind === 'interval_dt') {
      // Only whole days move a date; Spark refuses the other day-time intervals outright.
      throw new QuarryError(SqlState.datatypeMismatch,
        `[DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE] The data type "DATE" used in the order specification does not support the data type "${typeToString(value.type).toUpperCase()}" which is used in the range frame.`, position, 'DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE');
    }
    else if ((keyType.kind === 'timestamp' || keyType.kind === 'timestamp_ntz') && value.type.kind === 'interval_dt') distance = Number(value.value);
    else throw mismatch();
    if (distance < 0) {
      throw new QuarryError(SqlState.datatypeMismatch, '[DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON] The lower bound of a window frame must be less than or equal to the upper bound.', position);
    }
    return preceding ? -distance : distance;
  }

  private unknownFunction(written: string, position: number): QuarryError {
    return new QuarryError(SqlState.undefinedFunction,
      `[UNRESOLVED_ROUTINE] Cannot resolve routine \`${written}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`].`,
      position, 'UNRESOLVED_ROUTINE');
  }

  private bindSettings(): BindSettings {
    const allowPrecisionLoss = this.options.session?.setting('spark.sql.decimalOperations.allowPrecisionLoss');
    const ansi = this.options.session?.setting('spark.sql.ansi.enabled');
    return {
      decimalAllowPrecisionLoss: allowPrecisionLoss === undefined || allowPrecisionLoss.toLowerCase() !== 'false',
      ansi: ansi === undefined || ansi.toLowerCase() !== 'false',
    };
  }

  /** A scalar function call with Spark's implicit casts on its arguments. */
  call(name: string, args: Expr[], position: number, written = name): Expr {
    const fn = lookupScalarFunction(name);
    if (!fn) throw this.unknownFunction(written, position);
    // Literal arguments, and arguments that fold to one (concat('utf', '-8')): Spark's foldable inputs.
    const constants: (Scalar | undefined)[] = args.map((a) => {
      if (a.kind === 'literal') return a.value;
      if (a.kind !== 'call' && a.kind !== 'cast') return undefined;
      const folded = foldConstants(a);
      return folded.kind === 'literal' ? folded.value : undefined;
    });
    let bound;
    try {
      bound = fn.bind(args.map((a) => a.type), constants, { ...this.bindSettings(), literalArguments: args.map((a) => a.kind === 'literal') });
    } catch (e) {
      throw e instanceof QuarryError ? e.at(position) : e;
    }
    return { kind: 'call', fn: bound, args: args.map((a, i) => castTo(a, bound.argTypes[i] ?? a.type)), type: bound.returnType, position };
  }
}

/**
 * Spark's frames: without ORDER BY the whole partition; with it, RANGE from the start to the
 * current row and its peers; explicit ROWS frames count rows, RANGE frames measure ORDER BY values.
 */
function windowFrame(over: ast.WindowSpec, position: number,
  rangeOffset: (b: ast.FrameBound & { kind: 'offset' | 'valueOffset' }) => number): Frame {
  if (!over.frame) {
    return over.orderBy.length === 0
      ? { units: 'ROWS', start: { kind: 'unboundedPreceding' }, end: { kind: 'unboundedFollowing' } }
      : { units: 'RANGE', start: { kind: 'unboundedPreceding' }, end: { kind: 'currentRow' } };
  }
  const { units } = over.frame;
  if (over.frame.start.kind === 'unboundedFollowing' || over.frame.end.kind === 'unboundedPreceding') {
    throw new QuarryError(SqlState.syntaxError, '[INVALID_WINDOW_FRAME] The window frame is empty by construction.', position);
  }
  const edge = (b: ast.FrameBound): FrameBound => {
    if (b.kind !== 'offset' && b.kind !== 'valueOffset') return b;
    if (units === 'RANGE') return { kind: 'valueOffset', value: rangeOffset(b) };
    if (b.kind === 'offset') return b;
    throw new QuarryError(SqlState.datatypeMismatch,
      '[DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE] A ROWS frame boundary must be an integer number of rows.', over.frame!.pos);
  };
  return { units, start: edge(over.frame.start), end: edge(over.frame.end) };
}

function unknownObject(kind: ObjectKind, name: string, position: number): QuarryError {
  switch (kind) {
    case 'regclass': return new QuarryError(SqlState.undefinedTable, `relation "${name}" does not exist`, position);
    case 'regtype': return new QuarryError('42704', `type "${name}" does not exist`, position);
    case 'regproc': return new QuarryError(SqlState.undefinedFunction, `function "${name}" does not exist`, position);
    case 'regnamespace': return new QuarryError('3F000', `schema "${name}" does not exist`, position);
  }
}

/** A condition (WHERE, ON, HAVING) must be boolean. */
export function requireBoolean(e: Expr, clause: string, position: number): Expr {
  if (e.type.kind === 'boolean') return e;
  if (e.type.kind === 'null') return castTo(e, BooleanType);
  throw new QuarryError(SqlState.datatypeMismatch,
    `[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] The ${clause} condition must be of type BOOLEAN, not ${typeToString(e.type).toUpperCase()}.`, position);
}

export type { DataType };

/** The names of the `outer` columns a subquery's plan reads, node by node from the top, repeats kept. */
function outerReferenceNames(plan: LogicalPlan, outer: Scope): string[] {
  const ids = new Set(outer.columns.map((c) => c.attribute.id));
  const names: string[] = [];
  const visit = (p: LogicalPlan) => {
    // An outer column a child passes up (`SELECT t.x` keeps x's attribute) is read from the child there.
    const local = new Set(planChildren(p).flatMap((c) => outputOf(c).map((a) => a.id)));
    mapNodeExpressions(p, (e) => transformExpr(e, (node) => {
      if (node.kind === 'column' && ids.has(node.attribute.id) && !local.has(node.attribute.id)) names.push(node.attribute.name);
      return undefined;
    }));
    planChildren(p).forEach(visit);
  };
  visit(plan);
  return names;
}
