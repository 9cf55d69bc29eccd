//! 400 random groups assigned by Kafka's own `UniformAssignor` and `RangeAssignor` (the
//! group-coordinator classes at 1eb7644, the 4.0 line, compiled and run by
//! `data/ServerAssignorVectors.java`), replayed against the playground's server assignors.
//! They cover both uniform builders, up to 20 topics (so the homogeneous builder's topic-id
//! `HashSet` resizes and its buckets collide), previous assignments with partitions of
//! unsubscribed topics, and static members.

use kafka_playground::engine::server_assignors::{
    assign, ServerAssignor, ServerGroupSpec, ServerMember, ServerTopic, TopicId,
};
use kafka_playground::engine::TopicPartition;

const VECTORS: &str = include_str!("data/server_assignors_java.txt");

struct JavaCase {
    name: String,
    homogeneous: bool,
    topics: Vec<ServerTopic>,
    spec: ServerGroupSpec,
    /// (assignor, member, partitions as printed).
    expected: Vec<(String, String, String)>,
}

fn list(text: &str) -> Vec<&str> {
    if text == "-" {
        Vec::new()
    } else {
        text.split(',').collect()
    }
}

fn parse() -> Vec<JavaCase> {
    let mut cases: Vec<JavaCase> = Vec::new();
    for line in VECTORS.lines() {
        let words: Vec<&str> = line.split(' ').collect();
        match words[0] {
            "case" => cases.push(JavaCase {
                name: words[1].to_string(),
                homogeneous: words[2] == "homogeneous",
                topics: Vec::new(),
                spec: ServerGroupSpec::default(),
                expected: Vec::new(),
            }),
            "topic" => cases.last_mut().unwrap().topics.push(ServerTopic {
                name: words[1].to_string(),
                id: TopicId::parse(words[2]).unwrap(),
                partitions: words[3].parse().unwrap(),
            }),
            "member" => {
                let member = ServerMember {
                    member_id: words[1].to_string(),
                    instance_id: (words[2] != "-").then(|| words[2].to_string()),
                    subscribed_topics: list(words[3]).into_iter().map(String::from).collect(),
                    assignment: list(words[4])
                        .into_iter()
                        .map(|tp| {
                            let (topic, p) = tp.rsplit_once('-').unwrap();
                            TopicPartition {
                                topic: topic.to_string(),
                                partition: p.parse().unwrap(),
                            }
                        })
                        .collect(),
                };
                cases.last_mut().unwrap().spec.members.push(member);
            }
            "expect" => cases.last_mut().unwrap().expected.push((
                words[1].to_string(),
                words[2].to_string(),
                words[3].to_string(),
            )),
            other => panic!("unknown line {other:?}"),
        }
    }
    cases
}

#[test]
fn kafka_classes_agree_on_400_random_groups() {
    let cases = parse();
    assert_eq!(cases.len(), 400);
    let homogeneous = cases.iter().filter(|c| c.homogeneous).count();
    assert!(
        homogeneous > 100 && homogeneous < 300,
        "both builders covered"
    );
    let mut checked = 0;
    for case in &cases {
        for assignor in ServerAssignor::ALL {
            let result = assign(assignor, &case.spec, &case.topics).unwrap();
            for (name, member, partitions) in &case.expected {
                if name != assignor.name() {
                    continue;
                }
                let got = &result.iter().find(|(id, _)| id == member).unwrap().1;
                let printed: Vec<String> = got.iter().map(|tp| tp.to_string()).collect();
                let printed = if printed.is_empty() {
                    "-".to_string()
                } else {
                    printed.join(",")
                };
                assert_eq!(
                    &printed,
                    partitions,
                    "case {} ({}), {name}, member {member}",
                    case.name,
                    if case.homogeneous {
                        "homogeneous"
                    } else {
                        "heterogeneous"
                    }
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 3000, "{checked} member assignments checked");
}
