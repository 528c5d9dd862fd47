// Failure converter for workers, workflows and clients: error messages and stack traces go into the failure's
// encodedAttributes payload, so the payload codec encrypts them too. CommonJS because the SDK require()s it
// in the worker and client, and webpack bundles it into the workflow sandbox.
const { DefaultFailureConverter } = require('@temporalio/common');

module.exports = { failureConverter: new DefaultFailureConverter({ encodeCommonAttributes: true }) };
