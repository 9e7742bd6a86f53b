// Types of imports.mjs, for the production-build test.
export function packageName(specifier: string): string;
export function bareImports(dir: string): Map<string, string[]>;
export function undeclaredImports(dir: string, pkg: { dependencies?: Record<string, string> }): Array<{ specifier: string; files: string[] }>;
export function escapingImports(dir: string): Array<{ specifier: string; file: string }>;
