// `quarry fs …`: DBFS from the command line, on the same code as LIST and CALL mount. Paths that
// start with dbfs:/ are in DBFS (mounts included); others are local files. Works on the warehouse
// folder directly; change mounts while the server is stopped (a running one keeps its own list).

import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import {
  Catalog, FileEndpoint, LocalStorage, MountOption, checkMountOptions, copyPath, dbfsEndpoint, describeMountOptions, listPath,
  makeDirectories, normalizeMountPoint, openPath, parseMountSource, removePath,
} from '../catalog/index.js';

export const FS_USAGE = `  quarry fs ls [-l] dbfs:/PATH [--warehouse ./warehouse] [--local-root DIR]…
  quarry fs cp [-r] SOURCE TARGET            (either may be dbfs:/… or a local path)
  quarry fs rm [-r] dbfs:/PATH
  quarry fs mkdirs dbfs:/PATH
  quarry fs cat dbfs:/PATH
  quarry fs mount SOURCE /mnt/NAME [--option name=value]… [--secret name=scope/key]…
  quarry fs unmount /mnt/NAME
  quarry fs mounts`;

const isDbfs = (p: string) => /^dbfs:/i.test(p);

/** Everything on the local machine, for the non-DBFS end of a copy. */
const localFiles = new LocalStorage('/');

function endpoint(catalog: Catalog, p: string): FileEndpoint {
  if (isDbfs(p)) return dbfsEndpoint(catalog.dbfs, p);
  const absolute = path.resolve(p);
  return { storage: localFiles, key: absolute.slice(1), display: absolute };
}

function requireDbfs(p: string | undefined, what: string): string {
  if (!p || !isDbfs(p)) throw new Error(`quarry fs ${what} takes a dbfs:/ path`);
  return p;
}

export async function fsCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      warehouse: { type: 'string', default: './warehouse' },
      recursive: { type: 'boolean', short: 'r', default: false },
      long: { type: 'boolean', short: 'l', default: false },
      option: { type: 'string', multiple: true, default: [] },
      secret: { type: 'string', multiple: true, default: [] },
      'local-root': { type: 'string', multiple: true, default: [] },
    },
  });
  const [action, ...paths] = positionals;
  const localRoots = values['local-root']!.length > 0 ? values['local-root']!.map((d) => path.resolve(d)) : undefined;
  const catalog = await Catalog.open(path.resolve(values.warehouse!), { localRoots });
  switch (action) {
    case 'ls': {
      for (const entry of await listPath(catalog.dbfs, requireDbfs(paths[0], 'ls'))) {
        out.write(values.long
          ? `${String(entry.size).padStart(12)}  ${entry.modificationTime ? new Date(entry.modificationTime).toISOString() : '-'.padEnd(24)}  ${entry.path}\n`
          : `${entry.name}\n`);
      }
      return;
    }
    case 'cp': {
      const [from, to] = paths;
      if (!from || !to) throw new Error('quarry fs cp takes a source and a target');
      const count = await copyPath(endpoint(catalog, from), endpoint(catalog, to), { recursive: values.recursive, targetIsDirectory: to.endsWith('/') });
      out.write(`copied ${count} file${count === 1 ? '' : 's'}\n`);
      return;
    }
    case 'rm': return removePath(catalog.dbfs, requireDbfs(paths[0], 'rm'), { recursive: values.recursive });
    case 'mkdirs': return makeDirectories(catalog.dbfs, requireDbfs(paths[0], 'mkdirs'));
    case 'cat': return pipeline(await openPath(catalog.dbfs, requireDbfs(paths[0], 'cat')), out, { end: false });
    case 'mount': {
      const [sourceText, point] = paths;
      if (!sourceText || !point) throw new Error('quarry fs mount takes a source and a mount point');
      const options: Record<string, MountOption> = {};
      for (const o of values.option!) options[nameOf(o)] = o.slice(o.indexOf('=') + 1);
      for (const o of values.secret!) {
        const [scope, ...key] = o.slice(o.indexOf('=') + 1).split('/');
        if (key.length === 0) throw new Error(`--secret ${nameOf(o)}= takes scope/key`);
        options[nameOf(o)] = { secret: [scope, key.join('/')] };
      }
      const source = parseMountSource(sourceText);
      checkMountOptions(source, options);
      const mountPoint = normalizeMountPoint(point);
      await catalog.mount({ mountPoint, source: sourceText, options });
      out.write(`mounted ${sourceText} at ${mountPoint}\n`);
      return;
    }
    case 'unmount': {
      const mountPoint = normalizeMountPoint(paths[0] ?? '');
      if (!(await catalog.unmount(mountPoint))) throw new Error(`Directory not mounted: ${mountPoint}`);
      out.write(`unmounted ${mountPoint}\n`);
      return;
    }
    case 'mounts': {
      for (const m of catalog.dbfs.listMounts()) out.write(`${m.record.mountPoint}\t${m.record.source}\t${describeMountOptions(m.record.options)}\n`);
      return;
    }
    default: throw new Error(`usage:\n${FS_USAGE}`);
  }
}

function nameOf(option: string): string {
  const equals = option.indexOf('=');
  if (equals <= 0) throw new Error(`'${option}' should be name=value`);
  return option.slice(0, equals).toLowerCase();
}
