// Prints random vectors for the server-side assignors, computed by Kafka's own classes:
// UniformAssignor (both builders) and RangeAssignor of the group-coordinator module at 1eb7644
// (the 4.0 line), compiled with Uuid, TopicIdPartition, MemberAssignmentImpl, the assignor API
// and stubs for slf4j and ApiException. tests/it/server_assignors_java.rs replays them.
//
// Regenerate (from a Kafka checkout at that commit, sources copied flat into SRC):
//   javac -d out $(find SRC -name '*.java') ServerAssignorVectors.java
//   java -cp out ServerAssignorVectors > server_assignors_java.txt
//
// Every collection the assignors iterate is a LinkedHashMap/LinkedHashSet in the printed order,
// which is what the playground's API means by "the order Kafka iterates them".

import java.util.*;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.coordinator.group.api.assignor.*;
import org.apache.kafka.coordinator.group.assignor.RangeAssignor;
import org.apache.kafka.coordinator.group.assignor.UniformAssignor;

public class ServerAssignorVectors {
    static final class Member implements MemberSubscription, MemberAssignment {
        final Optional<String> instanceId;
        final Set<Uuid> topics;
        final Map<Uuid, Set<Integer>> owned;
        Member(Optional<String> instanceId, Set<Uuid> topics, Map<Uuid, Set<Integer>> owned) {
            this.instanceId = instanceId; this.topics = topics; this.owned = owned;
        }
        public Optional<String> rackId() { return Optional.empty(); }
        public Optional<String> instanceId() { return instanceId; }
        public Set<Uuid> subscribedTopicIds() { return topics; }
        public Map<Uuid, Set<Integer>> partitions() { return owned; }
    }

    static final class Spec implements GroupSpec {
        final Map<String, Member> members;
        final SubscriptionType type;
        final Set<String> assigned = new HashSet<>();
        Spec(Map<String, Member> members, SubscriptionType type) {
            this.members = members; this.type = type;
            members.values().forEach(m -> m.owned.forEach((t, ps) -> ps.forEach(p -> assigned.add(t + ":" + p))));
        }
        public Collection<String> memberIds() { return members.keySet(); }
        public SubscriptionType subscriptionType() { return type; }
        public boolean isPartitionAssigned(Uuid topicId, int partitionId) { return assigned.contains(topicId + ":" + partitionId); }
        public MemberSubscription memberSubscription(String memberId) { return members.get(memberId); }
        public MemberAssignment memberAssignment(String memberId) { return members.get(memberId); }
    }

    public static void main(String[] args) {
        Random rnd = new Random(848);
        for (int c = 0; c < 400; c++) {
            int topicCount = 1 + rnd.nextInt(c % 4 == 3 ? 20 : 6);
            List<String> names = new ArrayList<>();
            Map<String, Uuid> ids = new LinkedHashMap<>();
            Map<Uuid, Integer> counts = new HashMap<>();
            Map<Uuid, String> nameOf = new HashMap<>();
            StringBuilder block = new StringBuilder();
            for (int t = 0; t < topicCount; t++) {
                String name = "t" + t;
                Uuid id = new Uuid(rnd.nextLong(), rnd.nextLong());
                int partitions = 1 + rnd.nextInt(c % 5 == 4 ? 40 : 8);
                names.add(name); ids.put(name, id); counts.put(id, partitions); nameOf.put(id, name);
                block.append("topic ").append(name).append(' ').append(id).append(' ').append(partitions).append('\n');
            }
            int memberCount = 1 + rnd.nextInt(8);
            boolean homogeneous = rnd.nextBoolean();
            List<String> shared = subset(rnd, names);
            Map<String, Member> members = new LinkedHashMap<>();
            List<String> memberIds = new ArrayList<>();
            for (int m = 0; m < memberCount; m++) {
                String id = "m" + rnd.nextInt(1000) + "-" + m;
                memberIds.add(id);
            }
            Map<String, List<String>> subs = new HashMap<>();
            for (String id : memberIds) {
                List<String> s = homogeneous ? new ArrayList<>(shared) : subset(rnd, names);
                Collections.shuffle(s, rnd);
                subs.put(id, s);
            }
            Map<String, Map<String, List<Integer>>> owned = new HashMap<>();
            for (String id : memberIds) owned.put(id, new LinkedHashMap<>());
            List<String> shuffledNames = new ArrayList<>(names);
            Collections.shuffle(shuffledNames, rnd);
            for (String t : shuffledNames) {
                List<Integer> ps = new ArrayList<>();
                for (int p = 0; p < counts.get(ids.get(t)); p++) ps.add(p);
                Collections.shuffle(ps, rnd);
                for (int p : ps) {
                    int owner = rnd.nextInt(memberCount + 2);
                    if (owner < memberCount) owned.get(memberIds.get(owner)).computeIfAbsent(t, k -> new ArrayList<>()).add(p);
                }
            }
            Map<String, Integer> subscriberCounts = new HashMap<>();
            for (String id : memberIds) {
                Optional<String> instance = rnd.nextInt(3) == 0 ? Optional.of("i" + rnd.nextInt(1000) + "-" + id) : Optional.empty();
                Set<Uuid> topicSet = new LinkedHashSet<>();
                for (String t : subs.get(id)) { topicSet.add(ids.get(t)); subscriberCounts.merge(t, 1, Integer::sum); }
                Map<Uuid, Set<Integer>> assignment = new LinkedHashMap<>();
                StringBuilder ownedText = new StringBuilder();
                for (Map.Entry<String, List<Integer>> e : owned.get(id).entrySet()) {
                    assignment.put(ids.get(e.getKey()), Collections.unmodifiableSet(new LinkedHashSet<>(e.getValue())));
                    for (int p : e.getValue()) ownedText.append(ownedText.length() == 0 ? "" : ",").append(e.getKey()).append('-').append(p);
                }
                members.put(id, new Member(instance, topicSet, Collections.unmodifiableMap(assignment)));
                block.append("member ").append(id).append(' ').append(instance.orElse("-")).append(' ')
                    .append(subs.get(id).isEmpty() ? "-" : String.join(",", subs.get(id))).append(' ')
                    .append(ownedText.length() == 0 ? "-" : ownedText).append('\n');
            }
            // ModernGroup.subscriptionType.
            SubscriptionType type = SubscriptionType.HOMOGENEOUS;
            for (int n : subscriberCounts.values()) if (n != memberCount) type = SubscriptionType.HETEROGENEOUS;
            Map<Uuid, Integer> describerCounts = counts;
            SubscribedTopicDescriber describer = new SubscribedTopicDescriber() {
                public int numPartitions(Uuid topicId) { return describerCounts.getOrDefault(topicId, -1); }
                public Set<String> racksForPartition(Uuid topicId, int partition) { return Collections.emptySet(); }
            };
            System.out.println("case " + c + " " + type.toString().toLowerCase(Locale.ROOT));
            System.out.print(block);
            for (ConsumerGroupPartitionAssignor assignor : new ConsumerGroupPartitionAssignor[]{new UniformAssignor(), new RangeAssignor()}) {
                GroupAssignment result = assignor.assign(new Spec(members, type), describer);
                for (String id : memberIds) {
                    MemberAssignment a = result.members().get(id);
                    List<String> tps = new ArrayList<>();
                    if (a != null) a.partitions().forEach((t, ps) -> ps.forEach(p -> tps.add(nameOf.get(t) + "-" + p)));
                    tps.sort(Comparator.comparing((String s) -> s.substring(0, s.lastIndexOf('-')))
                        .thenComparingInt(s -> Integer.parseInt(s.substring(s.lastIndexOf('-') + 1))));
                    System.out.println("expect " + assignor.name() + " " + id + " " + (tps.isEmpty() ? "-" : String.join(",", tps)));
                }
            }
        }
    }

    static List<String> subset(Random rnd, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) if (rnd.nextInt(3) > 0) out.add(n);
        return out;
    }
}
