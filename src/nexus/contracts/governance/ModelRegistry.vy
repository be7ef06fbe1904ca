# pragma version 0.4.3
"""
@title Model registry: which version of each model serves
@notice Per model name (bytes32), numbered versions (from 1), each with its fingerprint, lineage
        receipt hash, fairness report hash and reported fairness gap (1e6 units: 0.05 = 50000).
        Exactly one version is active per model; only the admin (the governance timelock)
        activates one, and not one whose reported gap exceeds `maxFairnessGap`. A guardian may
        pause a model's serving (never activate); the admin resumes it.
@dev Revert messages are prefixed with "registry:". Serving code asks `servingFingerprint(name)`,
     which reverts while the model is paused or has no active version.
"""

MAX_MODELS: constant(uint256) = 2**32

struct Version:
    fingerprint: bytes32
    lineage: bytes32
    fairnessReport: bytes32
    fairnessGap: uint256
    registrant: address
    registeredAt: uint256

event VersionRegistered:
    name: indexed(bytes32)
    version: indexed(uint256)
    fingerprint: bytes32
    lineage: bytes32
    fairnessReport: bytes32
    fairnessGap: uint256
    registrant: address

event Activated:
    name: indexed(bytes32)
    version: indexed(uint256)
    fingerprint: bytes32
    previous: uint256

event Paused:
    name: indexed(bytes32)
    by: indexed(address)

event Unpaused:
    name: indexed(bytes32)
    by: indexed(address)

event MaxFairnessGapChanged:
    previous: uint256
    maxFairnessGap: uint256

event RoleChanged:
    role: indexed(String[16])
    previous: indexed(address)
    account: indexed(address)

admin: public(address)
guardian: public(address)
registrar: public(address)
maxFairnessGap: public(uint256)

modelCount: public(uint256)
modelAt: public(HashMap[uint256, bytes32])
versionCount: public(HashMap[bytes32, uint256])
_versions: HashMap[bytes32, HashMap[uint256, Version]]
versionOf: public(HashMap[bytes32, HashMap[bytes32, uint256]])
activeVersion: public(HashMap[bytes32, uint256])
paused: public(HashMap[bytes32, bool])


@deploy
def __init__(admin_: address, guardian_: address, max_fairness_gap: uint256):
    """
    @notice A registry governed by `admin_` (the timelock), pausable by `guardian_`, refusing
            activations whose fairness gap exceeds `max_fairness_gap` (1e6 units).
    @dev Registration is open to anyone until the admin names a registrar.
    """
    assert admin_ != empty(address), "registry: zero admin"
    self.admin = admin_
    self.guardian = guardian_
    self.maxFairnessGap = max_fairness_gap
    log RoleChanged(role="admin", previous=empty(address), account=admin_)
    log RoleChanged(role="guardian", previous=empty(address), account=guardian_)
    log MaxFairnessGapChanged(previous=0, maxFairnessGap=max_fairness_gap)


@external
def register(name: bytes32, fingerprint: bytes32, lineage: bytes32, fairness_report: bytes32,
             fairness_gap: uint256) -> uint256:
    """
    @notice Record a new version of model `name`; returns its number (from 1). Does not activate it.
    @dev Anyone may register unless a registrar is set. A fingerprint is registered once per model.
    """
    assert self.registrar == empty(address) or msg.sender == self.registrar, "registry: not registrar"
    assert name != empty(bytes32), "registry: empty name"
    assert fingerprint != empty(bytes32), "registry: empty fingerprint"
    assert self.versionOf[name][fingerprint] == 0, "registry: fingerprint already registered"
    version: uint256 = self.versionCount[name] + 1
    if version == 1:
        count: uint256 = self.modelCount
        assert count < MAX_MODELS, "registry: full"
        self.modelAt[count] = name
        self.modelCount = count + 1
    self.versionCount[name] = version
    self._versions[name][version] = Version(fingerprint=fingerprint, lineage=lineage,
                                            fairnessReport=fairness_report, fairnessGap=fairness_gap,
                                            registrant=msg.sender, registeredAt=block.number)
    self.versionOf[name][fingerprint] = version
    log VersionRegistered(name=name, version=version, fingerprint=fingerprint, lineage=lineage,
                          fairnessReport=fairness_report, fairnessGap=fairness_gap, registrant=msg.sender)
    return version


@external
def activate(name: bytes32, version: uint256):
    """
    @notice Make `version` the one model `name` serves (admin only); resumes a paused model.
    @dev Refused when the version's reported fairness gap exceeds `maxFairnessGap`.
    """
    assert msg.sender == self.admin, "registry: not admin"
    assert version >= 1 and version <= self.versionCount[name], "registry: unknown version"
    v: Version = self._versions[name][version]
    assert v.fairnessGap <= self.maxFairnessGap, "registry: fairness gap above the maximum"
    previous: uint256 = self.activeVersion[name]
    self.activeVersion[name] = version
    if self.paused[name]:
        self.paused[name] = False
        log Unpaused(name=name, by=msg.sender)
    log Activated(name=name, version=version, fingerprint=v.fingerprint, previous=previous)


@external
def pause(name: bytes32):
    """
    @notice Stop serving model `name` (guardian or admin) until the admin resumes or activates.
    """
    assert msg.sender == self.guardian or msg.sender == self.admin, "registry: not guardian"
    assert self.versionCount[name] > 0, "registry: unknown model"
    assert not self.paused[name], "registry: already paused"
    self.paused[name] = True
    log Paused(name=name, by=msg.sender)


@external
def unpause(name: bytes32):
    """
    @notice Resume serving model `name` (admin only).
    """
    assert msg.sender == self.admin, "registry: not admin"
    assert self.paused[name], "registry: not paused"
    self.paused[name] = False
    log Unpaused(name=name, by=msg.sender)


@external
def setMaxFairnessGap(max_fairness_gap: uint256):
    """
    @notice Change the largest fairness gap an activated version may report (admin only).
    @dev The active version keeps serving; the bound applies to later activations.
    """
    assert msg.sender == self.admin, "registry: not admin"
    log MaxFairnessGapChanged(previous=self.maxFairnessGap, maxFairnessGap=max_fairness_gap)
    self.maxFairnessGap = max_fairness_gap


@external
def setGuardian(guardian_: address):
    """
    @notice Name the guardian (admin only; zero removes it).
    """
    assert msg.sender == self.admin, "registry: not admin"
    log RoleChanged(role="guardian", previous=self.guardian, account=guardian_)
    self.guardian = guardian_


@external
def setRegistrar(registrar_: address):
    """
    @notice Restrict registration to `registrar_` (admin only; zero opens it to anyone).
    """
    assert msg.sender == self.admin, "registry: not admin"
    log RoleChanged(role="registrar", previous=self.registrar, account=registrar_)
    self.registrar = registrar_


@external
def setAdmin(admin_: address):
    """
    @notice Hand the admin role to `admin_` (admin only: e.g. a new timelock).
    """
    assert msg.sender == self.admin, "registry: not admin"
    assert admin_ != empty(address), "registry: zero admin"
    log RoleChanged(role="admin", previous=self.admin, account=admin_)
    self.admin = admin_


@view
@external
def getVersion(name: bytes32, version: uint256) -> Version:
    """
    @notice Version `version` of model `name`.
    """
    assert version >= 1 and version <= self.versionCount[name], "registry: unknown version"
    return self._versions[name][version]


@view
@external
def servingFingerprint(name: bytes32) -> bytes32:
    """
    @notice The fingerprint model `name` serves now; reverts while paused or with none active.
    """
    assert not self.paused[name], "registry: model paused"
    version: uint256 = self.activeVersion[name]
    assert version != 0, "registry: no active version"
    return self._versions[name][version].fingerprint
