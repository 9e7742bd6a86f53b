// Does a Neo4j answer Bolt on 127.0.0.1:port? Shared by db.mjs and with-neo4j.mjs.

/**
 * A server that rejects our (absent) credentials still counts: something answers there, and no second
 * server must start on that port (the caller then needs NEO4J_USERNAME/NEO4J_PASSWORD).
 * `loadDriver` returns the neo4j-driver module (db.mjs turns a missing package into a clear error).
 */
export async function boltAnswers(port, loadDriver = async () => (await import('neo4j-driver')).default) {
  const neo4j = await loadDriver();
  const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, undefined, {
    connectionTimeout: 3_000,
    connectionAcquisitionTimeout: 5_000,
    maxConnectionPoolSize: 1,
  });
  try {
    await driver.verifyConnectivity();
    return { ok: true };
  } catch (err) {
    if (typeof err?.code === 'string' && err.code.startsWith('Neo.ClientError.Security.')) {
      return { ok: true, authRequired: true };
    }
    return { ok: false, error: err };
  } finally {
    await driver.close().catch(() => {});
  }
}
