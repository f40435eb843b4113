"""X.509 for a table: the CA (an offline root that signs an issuing intermediate), certificate
signing requests made by each member on its own machine, leaf certificates, and the checks that
servers and installers run on certificate chains (the table's own, or an external PKI such as
PKIoverheid Private Services, where the member is known by the OIN in the subject serialNumber).

Everything is built with pyca/cryptography's X.509 builders and verified with its RFC 5280 path
validation (``cryptography.x509.verification``); nothing here invents a primitive.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509 import verification
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from signalmatch import crypto

# Certificates are valid from a day before they are made: a member whose clock runs an hour (or a few) behind
# still accepts a fresh certificate (docs/reliability.md, clock skew).
CLOCK_SKEW = datetime.timedelta(days=1)
ROOT_VALIDITY = datetime.timedelta(days=10 * 365)
ISSUING_VALIDITY = datetime.timedelta(days=3 * 365)
LEAF_VALIDITY = datetime.timedelta(days=90)  # short-lived; renewed over mTLS before it runs out
OIN = re.compile(r"[0-9]{20}")  # Organisatie-identificatienummer (Logius), 20 digits

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def new_tls_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def private_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_private(pem: bytes) -> PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ValueError("not an ECDSA or RSA private key")
    return key


def pem(cert: x509.Certificate | x509.CertificateSigningRequest) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def load_certificates(data: bytes) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(data)


def spki(cert_or_key: x509.Certificate | x509.CertificateSigningRequest | PrivateKey) -> str:
    """The SHA-256 pin of the public key (of a certificate, a CSR or a private key's public half)."""
    public = cert_or_key.public_key()
    return crypto.spki_sha256(public)


def _name(common_name: str, serial_number: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "signalmatch"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if serial_number:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number))
    return x509.Name(attributes)


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _leaf_usage(rsa_key: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=rsa_key,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _hash_for(key: PrivateKey) -> hashes.SHA256:
    """The signature hash for `key` (both kinds of PrivateKey sign with SHA-256)."""
    return hashes.SHA256()


def make_root(
    common_name: str,
    now: datetime.datetime,
    key: PrivateKey | None = None,
    validity: datetime.timedelta = ROOT_VALIDITY,
) -> tuple[PrivateKey, x509.Certificate]:
    """A self-signed root that may sign one level of intermediates (path length 1)."""
    key = key or new_tls_key()
    name = _name(common_name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SKEW)
        .not_valid_after(now + validity)
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, _hash_for(key))
    )
    return key, cert


def make_intermediate(
    root_key: PrivateKey,
    root: x509.Certificate,
    common_name: str,
    now: datetime.datetime,
    key: PrivateKey | None = None,
    validity: datetime.timedelta = ISSUING_VALIDITY,
) -> tuple[PrivateKey, x509.Certificate]:
    """An issuing CA under `root` that signs leaves only (path length 0)."""
    key = key or new_tls_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SKEW)
        .not_valid_after(min(now + validity, root.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, _hash_for(root_key))
    )
    return key, cert


def subject_alternative_names(uri: str, dns_names: Sequence[str]) -> list[x509.GeneralName]:
    """The SANs of a table leaf: its SPIFFE URI, and for a server its pinned name plus loopback."""
    names: list[x509.GeneralName] = [x509.UniformResourceIdentifier(uri)]
    if dns_names:
        names += [x509.DNSName(name) for name in dns_names]
        names += [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.IPAddress(ipaddress.ip_address("::1"))]
    return names


def make_csr(key: PrivateKey, uri: str, dns_names: Sequence[str] = ()) -> x509.CertificateSigningRequest:
    """A certificate signing request made by the member itself: only its public key leaves."""
    return (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_name(uri.removeprefix("spiffe://")))
        .add_extension(x509.SubjectAlternativeName(subject_alternative_names(uri, dns_names)), critical=False)
        .sign(key, _hash_for(key))
    )


@dataclass(frozen=True)
class CsrContent:
    uri: str
    dns_names: tuple[str, ...]
    spki: str


def read_csr(data: bytes) -> tuple[x509.CertificateSigningRequest, CsrContent]:
    """A PEM CSR whose self-signature verifies, with its one URI SAN and its DNS names;
    ValueError otherwise."""
    csr = x509.load_pem_x509_csr(data)
    if not csr.is_signature_valid:
        raise ValueError("the CSR's signature does not verify")
    try:
        san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        raise ValueError("the CSR names no subject alternative name") from None
    uris = san.get_values_for_type(x509.UniformResourceIdentifier)
    if len(uris) != 1:
        raise ValueError(f"the CSR must name exactly one URI, not {len(uris)}")
    dns = tuple(n for n in san.get_values_for_type(x509.DNSName) if n != "localhost")
    return csr, CsrContent(uris[0], dns, spki(csr))


def issue(
    issuer_key: PrivateKey,
    issuer: x509.Certificate,
    public_key: CertificatePublicKeyTypes,
    uri: str,
    dns_names: Sequence[str],
    now: datetime.datetime,
    validity: datetime.timedelta = LEAF_VALIDITY,
) -> x509.Certificate:
    """A leaf for `public_key` with identity `uri` (and, for a server, `dns_names`). Every
    extension is built here from what the issuer decided, never copied from the request."""
    rsa_key = isinstance(public_key, rsa.RSAPublicKey)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(uri.removeprefix("spiffe://")))
        .issuer_name(issuer.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SKEW)
        .not_valid_after(min(now + validity, issuer.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_leaf_usage(rsa_key), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
        .add_extension(x509.SubjectAlternativeName(subject_alternative_names(uri, dns_names)), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .sign(issuer_key, _hash_for(issuer_key))
    )


def oin_of(cert: x509.Certificate) -> str:
    """The OIN in the subject serialNumber (the Digikoppeling convention), or ""."""
    values = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)]
    return values[0] if len(values) == 1 and isinstance(values[0], str) and OIN.fullmatch(values[0]) else ""


def verify_chain(
    leaf: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    anchors: Sequence[x509.Certificate],
    now: datetime.datetime,
) -> None:
    """RFC 5280 path validation of a client certificate up to one of `anchors` at `now`
    (cryptography's verifier: signatures, validity, basic constraints, key usage, clientAuth).
    ValueError naming the reason otherwise."""
    if not anchors:
        raise ValueError("no trust anchor")
    verifier = (
        verification.PolicyBuilder()
        .store(verification.Store(list(anchors)))
        .time(now.replace(tzinfo=None) if now.tzinfo else now)
        .build_client_verifier()
    )
    try:
        verifier.verify(leaf, list(intermediates))
    except verification.VerificationError as exc:
        raise ValueError(str(exc)) from None
