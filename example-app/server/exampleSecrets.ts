// What the dev Vault holds for each user of the example, written on that user's first Vault login.

/** KV paths (relative to the KV mount) of `user`'s secrets, with their data. */
export function exampleSecretsFor(user: string): Record<string, Record<string, string>> {
  // Values name their owner, so a screen showing one user's secret to another is easy to spot.
  return {
    [`users/${user}/api-key`]: { service: "Payments sandbox", key: `sk_test_${user}_4eC39HqLyjWDarjtT1zdp7dc` },
    [`users/${user}/database`]: { host: "db.internal.example:5432", username: `${user}_app`, password: `pw-${user}-correct-horse` },
  };
}
