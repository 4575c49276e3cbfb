//! Migrations are only ever added: each shipped one is pinned by its SHA-256.

use ring::digest;

/// One line per migration. When a test here fails because a migration changed: do not
/// update the hash; undo the edit and add a new migration at the end instead.
const PINNED: &[&str] = &[
    "00615ae05d31f903ab9f0ad380fe091bd60931feb614ae5234cdd6161b8d3478", // 1: person, audit_log
    "7a2662260b864342097c3c8bd6c7b18505fd38183f6030fff6cb7ab9522890d1", // 2: record
    "03c2ac41038e10e85abc0a9b9772bf362bc481b20f13c99fecb9e8b459b72ca5", // 3: readings
    "f3dc06af9870224b5ee2662ec06a894cb082321c70692d8b0c275f2cd32463dd", // 4: signing key, share register
    "545d02b09e7b3ca8c13e7c63e4d149da465991604596e8259af6c7fcaf104650", // 5: deferred FTS indexing for imports
    "107368c0fd5fbcb4e7fcf437f0812ad4753381534900be13669d469ccefda978", // 6: no triggers on entry
    "74b26917564423a1bbd8d8e77e41b555495a9a4f0e8b8f817dd6389e4e77699c", // 7: undoing an import as a whole
    "05bdcd5b47eda59573cf61d1069762ffe79763e11b40ca230a1fa80e37d25a91", // 8: results against their normal range
    "8730a65658e09488f870ed83d89fa08a92183418ff4b67e1cec40746ad6796e7", // 9: derived_version (sensitivity lists)
    "57c77494232bc8d64909b582cd55908d0dc29a980ac75304a55c4815f05387d2", // 10: sums of squares in rollups, valueless readings
    "002c7bc5072efd3edd4264f3df36c2b514fd389008638cf053193a79de5211c4", // 11: the kind of reading a result is
    "f6a06054435f51167c485185a3c109e7e4f9198e9a39347d60498c90ae757f16", // 12: each day's glucose tally
    "85d7c40a6d7d37c08646487488af9431cc36c977004e846c2b4edd5f6933016d", // 13: each entry's place (story, administrative, folded)
    "f6ebd2cd855985bd56dc65f7a480d99da2e0a3b4490a9c5b484894afedc040af", // 14: who a person is to the holder (role, basis, review)
    "7437cf34047ec41b5dd5ad0ce04c8fbb053bcf57c3376ea10ada315c6fc019d1", // 15: who acted, beside each audit entry
    "f5ec97707f902a27445ab624d998f455b647fcd66e28331e367af5ac5994e73b", // 16: sealed arrivals, the private part's count
    "4bc0b4f8281fd019bbb82c3cc3b66841a484ff956390d943b9a799b1f8979ba4", // 17: the person's notes and hides beside entries, own entries deleted
    "bb48cc7828b9d96f20f81ab1a8f342dede4d008eb0cb84895086db91979ff393", // 18: reminders, medicine times ticked taken, whether notifications may name details
    "081e4bfa49a81d2a51b3964963dc727369c8175bc99ec8a78cf4a7b413b91f5c", // 19: the kept connection to the GP practice
];

#[test]
fn shipped_migrations_are_unchanged() {
    let migrations = phr_vault::migrations::MIGRATIONS;
    assert!(migrations.len() >= PINNED.len(), "a migration was removed; migrations are only ever added");
    for (i, (sql, pinned)) in migrations.iter().zip(PINNED).enumerate() {
        let hash: String =
            digest::digest(&digest::SHA256, sql.as_bytes()).as_ref().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            &hash,
            pinned,
            "migration {} was edited after it shipped. Databases already ran the old text; \
             revert the edit and add a new migration instead.",
            i + 1
        );
    }
    assert_eq!(migrations.len(), PINNED.len(), "a new migration needs its hash pinned here");
}
