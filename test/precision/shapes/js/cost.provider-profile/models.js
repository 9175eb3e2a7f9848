exports.User = { findOrCreate: async () => [{}] };
