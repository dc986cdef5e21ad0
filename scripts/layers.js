// The layering of DESIGN.md ("Layout"), in one place: which of our libraries each library may import
// (besides itself and npm packages). .dependency-cruiser.js enforces it in `npm run lint`; the README's
// architecture table lists the same, and test/readme.spec.ts keeps the two equal.
const LAYERS = {
  kernel: [],
  policies: ['kernel'],
  domain: ['kernel', 'policies', 'domain'],
  'event-store': ['kernel'],
  // projections: the query handlers read the read models' queries (projections never import application).
  application: ['kernel', 'policies', 'domain', 'event-store', 'projections', 'documents'],
  projections: ['kernel', 'policies', 'domain', 'event-store'],
  workflows: ['kernel', 'policies', 'domain', 'event-store', 'application', 'projections'],
  contracts: ['kernel', 'policies', 'domain'],
  // The documents (rekap TPP, slip, attendance recap as PDF and .xlsx): pure renderers of plain data.
  documents: ['kernel', 'policies', 'domain', 'contracts'],
  // Wiring of the running system (config, database, queue, auth, the runtime); below everything.
  platform: ['kernel', 'policies', 'domain', 'event-store', 'application', 'projections', 'workflows', 'contracts'],
};

module.exports = { LAYERS };
