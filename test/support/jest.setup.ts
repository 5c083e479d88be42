// The AWS SDK warns on every process that Node 20 support ends in 2027; the platform move is tracked separately.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
